import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { CommandError } from '../../../../shared/domain/errors';
import type { Appeal } from '../../../../shared/domain/types';
import type { ChangedAppeal } from '../../../../shared/protocol/views';
import type { BodyOf } from '../../../../shared/protocol/registry';
import type { WorkCalendar } from '../../../../shared/domain/workCalendar';
import type { StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { FormMessage } from './parts';
import { followupStrings as t } from './strings';

/*
 * The building blocks of an action on one supervised item, shared by the follow-up desk and the
 * unit view (which reuses the desk's workspace): the command at the version on screen, the framed
 * form, a text field, and the reply form both screens open.
 */

export interface ActionProps {
  socket: StudioSocket | null;
  appeal: Appeal;
  calendar: WorkCalendar;
  offline: boolean;
  /** A command went through: its ack's appeal, shown at once. */
  onDone: (appeal: Appeal) => void;
  /** Someone else changed the item first: load it again. */
  onConflict: () => void;
}

/** The commands on one supervised item: each names the item at the version on screen. */
type ItemCommand = 'supervision:assign' | 'supervision:setDeadline' | 'supervision:remind' | 'supervision:reply' | 'supervision:callBack' | 'supervision:close' | 'supervision:decideExtension' | 'supervision:requestExtension';
interface ItemRef {
  episodeId: string;
  appealId: string;
  expectedVersion: number;
}

/** Run a supervision command on this item at the version on screen; a CONFLICT reloads it. */
export function useItemCommand(props: ActionProps) {
  const command = useCommand(props.socket);
  const { onConflict } = props;
  const conflicted = command.error?.code === 'CONFLICT';
  useEffect(() => {
    if (conflicted) onConflict();
  }, [conflicted, onConflict]);
  const send = async <N extends ItemCommand>(name: N, extra: Omit<BodyOf<N>, keyof ItemRef>): Promise<Appeal | null> => {
    const ref: ItemRef = { episodeId: props.appeal.episodeId, appealId: props.appeal.id, expectedVersion: props.appeal.version };
    // The reference fills exactly the keys the caller's part leaves out.
    const data: ChangedAppeal | null = await command.run(name, { ...ref, ...extra } as BodyOf<N>);
    return data ? data.appeal : null;
  };
  return { ...command, send };
}

/** A framed action form: title, fields, the server's error (already in Chinese), submit and cancel. */
export function ActionForm(props: {
  id: string;
  title: string;
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  error: CommandError | null;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form id={`sv-form-${props.id}`} className="sv-form" onSubmit={submit} aria-label={props.title} data-testid={`form-${props.id}`}>
      {props.children}
      <FormMessage error={props.error} testId={`form-${props.id}`} />
      <div className="sv-form-buttons">
        <button type="submit" disabled={props.busy || props.disabled}>
          {props.busy ? t.submitting : props.submitLabel}
        </button>
        <button type="button" className="secondary" onClick={props.onCancel} disabled={props.busy}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}

export function TextField(props: { id: string; label: string; value: string; onChange: (v: string) => void; required?: boolean; multiline?: boolean; hint?: string }) {
  return (
    <div className="sv-field">
      <label htmlFor={props.id}>
        {props.label}
        <em>{props.required ? t.required : t.optional}</em>
      </label>
      {props.multiline ? (
        <textarea id={props.id} value={props.value} rows={3} onChange={(e) => props.onChange(e.target.value)} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
      ) : (
        <input id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)} aria-describedby={props.hint ? `${props.id}-hint` : undefined} />
      )}
      {props.hint && <small id={`${props.id}-hint`}>{props.hint}</small>}
    </div>
  );
}

/** What a reply form says on a screen: the desk records a reply on a unit's behalf, a liaison replies for its own unit. */
export interface ReplyWords {
  title: string;
  submitLabel: string;
  label: string;
  hint: string;
}

/** 答复: the text of what the unit did, sent as supervision:reply (on the unit's behalf when the desk sends it, as the server decides by role). */
export function ReplyForm(props: ActionProps & { onCancel: () => void; id: string; textId: string; words: ReplyWords }) {
  const command = useItemCommand(props);
  const [text, setText] = useState('');
  const submit = async () => {
    const next = await command.send('supervision:reply', { text });
    if (next) props.onDone(next);
  };
  const { words } = props;
  return (
    <ActionForm id={props.id} title={words.title} submitLabel={words.submitLabel} busy={command.busy} disabled={props.offline} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <TextField id={props.textId} label={words.label} value={text} onChange={setText} required multiline hint={words.hint} />
    </ActionForm>
  );
}

/**
 * Which action's form is open under an item, and the success line of the last action. The line
 * describes the version it produced: once someone else moves the item on, it goes.
 */
export function useActionPanel<K extends string>(appeal: Appeal, onDone: (appeal: Appeal) => void) {
  const [open, setOpen] = useState<K | null>(null);
  const [notice, setNotice] = useState<{ text: string; version: number } | null>(null);
  const done = (message: string | ((next: Appeal) => string)) => (next: Appeal) => {
    setOpen(null);
    setNotice({ text: typeof message === 'string' ? message : message(next), version: next.version });
    onDone(next);
  };
  const toggle = (key: K) => {
    setNotice(null);
    setOpen(open === key ? null : key);
  };
  return { open, toggle, cancel: () => setOpen(null), done, notice: notice && notice.version === appeal.version && !open ? notice.text : null };
}

/** A screen's set of actions on an item: their names, the main one, and how their buttons and forms are named. */
export interface ActionSet<K extends string> {
  label: string;
  keys: readonly K[];
  names: Record<K, string>;
  primary: K;
  unavailable: (why: string) => string;
  /** data-testid and form id of an action: prefix + key. */
  testIdPrefix: string;
  formIdPrefix: string;
}

/** One button per action; an action the shared rules refuse now is disabled, with the rule's reason as its title. */
export function ActionButtons<K extends string>(props: { set: ActionSet<K>; open: K | null; why: Record<K, string | null>; offline: boolean; onToggle: (key: K) => void; children?: ReactNode }) {
  const { open, why, set } = props;
  return (
    <div className="sv-action-row" role="toolbar" aria-label={set.label}>
      {set.keys.map((key) => (
        <button
          key={key}
          type="button"
          className={`sv-action${open === key ? ' open' : ''}${key === set.primary ? ' primary' : ''}`}
          aria-expanded={open === key}
          aria-controls={`${set.formIdPrefix}${key}`}
          disabled={why[key] !== null || props.offline}
          title={why[key] ? set.unavailable(why[key]!) : undefined}
          data-testid={`${set.testIdPrefix}${key}`}
          onClick={() => props.onToggle(key)}
        >
          {set.names[key]}
        </button>
      ))}
      {props.children}
    </div>
  );
}

/** The success line of the last action, while it still describes the item on screen. */
export function ActionNotice({ text, testId }: { text: string | null; testId: string }) {
  if (!text) return null;
  return (
    <p role="status" className="sv-form-ok" data-testid={testId}>
      {text}
    </p>
  );
}
