/** A labelled line of text the leader reads (答复要点, 导播备注…); nothing at all when there is no text. */
export function LabelledText({ className, labelClassName, label, text }: { className: string; labelClassName: string; label: string; text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className={className}>
      <span className={labelClassName}>{label}</span>
      {text}
    </p>
  );
}
