import { useLayoutEffect, useRef } from 'react';

/**
 * Text that takes whatever height its box has left and shows as many whole lines as fit there, the
 * last one ending in an ellipsis when the text is longer. The box (`.fit`) is sized by the layout;
 * the text inside gets `-webkit-line-clamp` = the number of whole lines that fit, so no line is ever
 * cut through its glyphs, at any resolution. The whole text stays in the DOM (for a screen reader);
 * only its drawing is clamped.
 */
export function FitText({ text, className, testId }: { text: string; className: string; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const inner = useRef<HTMLParagraphElement>(null);

  useLayoutEffect(() => {
    const outer = box.current;
    const p = inner.current;
    if (!outer || !p) return;
    const fit = () => {
      const lineHeight = parseFloat(getComputedStyle(p).lineHeight);
      if (!(lineHeight > 0)) return;
      const lines = Math.max(1, Math.floor((outer.clientHeight + 0.5) / lineHeight));
      if (p.style.webkitLineClamp !== String(lines)) p.style.webkitLineClamp = String(lines);
    };
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(outer);
    return () => observer.disconnect();
  }, []);

  return (
    <div className="fit" ref={box}>
      <p className={`clamp ${className}`} ref={inner} data-testid={testId}>
        {text}
      </p>
    </div>
  );
}
