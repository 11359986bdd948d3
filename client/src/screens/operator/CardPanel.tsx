import type { KeyboardEvent, ReactNode, Ref } from 'react';

/**
 * A keyboard-driven list of appeal cards (待筛选, 待播队列): heading with its count, the keys it
 * answers to, and the list itself, focusable so the arrow keys and S / X / Enter work without a mouse.
 */
export function CardPanel(props: { name: string; heading: string; hint: string; empty: string; count: number; onKeyDown: (event: KeyboardEvent) => void; children: ReactNode; listRef?: Ref<HTMLOListElement> }) {
  return (
    <section className={`panel ${props.name}`} aria-label={props.heading}>
      <h3>
        {props.heading} <span className="count">{props.count}</span>
      </h3>
      <p className="hint">{props.hint}</p>
      <ol ref={props.listRef} tabIndex={0} onKeyDown={props.onKeyDown} data-testid={`${props.name}-list`} className="cards">
        {props.count === 0 && <li className="empty">{props.empty}</li>}
        {props.children}
      </ol>
    </section>
  );
}
