import { useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { leaderStrings as t } from './strings';

/**
 * A list item whose texts (each marked `lp-clamp`, `lp-clamp-2` for two lines) are clamped to a few
 * lines with an ellipsis. When any of them is cut, a 展开全文 button (a real button: Tab, Enter and
 * Space reach it) opens the whole item in place, and 收起 closes it again. The item's section scrolls
 * inside itself, so an opened 2,000-character appeal never makes the page taller.
 */
export function ExpandableItem({ className, testId, children }: { className: string; testId?: string; children: ReactNode }) {
  const ref = useRef<HTMLLIElement>(null);
  const bodyId = useId();
  const [expanded, setExpanded] = useState(false);
  const [cut, setCut] = useState(false);

  // Whether anything is cut, measured after every render (the text may have changed) and whenever
  // the item's size changes (a rotated tablet); while open nothing is cut and the button stays to close it.
  const measure = useRef(() => {});
  useLayoutEffect(() => {
    measure.current = () => {
      const item = ref.current;
      if (!item || expanded) return;
      setCut(Array.from(item.querySelectorAll<HTMLElement>('.lp-clamp')).some((el) => el.scrollHeight > el.clientHeight + 1));
    };
    measure.current();
  });
  useEffect(() => {
    const item = ref.current;
    if (!item) return;
    const observer = new ResizeObserver(() => measure.current());
    observer.observe(item);
    return () => observer.disconnect();
  }, []);

  return (
    <li ref={ref} className={`${className} ${expanded ? 'lp-expanded' : ''}`} data-testid={testId}>
      <div id={bodyId} className="lp-expandable">
        {children}
      </div>
      {(cut || expanded) && (
        <button type="button" className="lp-expand" aria-expanded={expanded} aria-controls={bodyId} onClick={() => setExpanded((open) => !open)}>
          {expanded ? t.collapse : t.expand}
        </button>
      )}
    </li>
  );
}
