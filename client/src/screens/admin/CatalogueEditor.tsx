import { useEffect, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import type { Unit } from '../../../../shared/domain/types';
import type { StudioSocket } from '../../api/socket';
import { EditButton, Field, FormMessage } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

/** A catalogue record the server versions: a save sends the version on screen; a CONFLICT answers with the fresh record. */
interface Versioned {
  id: string;
  version: number;
  name: string;
}

/** What a text box or select needs to edit one field of the draft. */
interface Bound {
  value: string;
  'aria-invalid': boolean;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void;
}

/** The draft's fields a text box or a select edits. */
type TextKeys<D> = { [K in keyof D]: D[K] extends string ? K : never }[keyof D] & string;

/**
 * One catalogue form's state (units, people, accounts): the record being edited (none: a new one),
 * the draft, the last success line, and the command with its error. Editing and its conflict
 * handling are the same for every record: a stale edit is replaced by the server's fresh record.
 */
export function useCatalogueEditor<Draft extends object, Rec extends Versioned = never>(
  socket: StudioSocket | null,
  empty: Draft,
  toDraft?: (record: Rec) => Draft,
) {
  const command = useAdminCommand(socket);
  const [editing, setEditing] = useState<Rec | null>(null);
  const [draft, setDraft] = useState<Draft>(empty);
  const [saved, setSaved] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);

  // Someone else saved this record first: the server sends the fresh one; edit that one.
  const { error } = command;
  useEffect(() => {
    if (error?.code === 'CONFLICT' && error.fresh && toDraft) {
      const fresh = error.fresh as Rec;
      setEditing(fresh);
      setDraft(toDraft(fresh));
    }
  }, [error, toDraft]);

  /** Edit a record, or start a new one from `blank`; the first field gets the focus either way. */
  const open = (record: Rec | null, blank: Draft = empty) => {
    setEditing(record);
    setDraft(record && toDraft ? toDraft(record) : blank);
    setSaved(null);
    command.clearError();
    firstField.current?.focus();
  };

  /** Send with the id and version on screen; on success say so and start the next record from `next`. */
  const save = async <R,>(send: (ref: { id: string | null; expectedVersion: number | null }) => Promise<R | null>, done: (result: R) => { message: string; next: Draft }) => {
    const result = await send({ id: editing?.id ?? null, expectedVersion: editing?.version ?? null });
    if (!result) return;
    const { message, next } = done(result);
    setSaved(message);
    setEditing(null);
    setDraft(next);
    firstField.current?.focus();
  };

  /** value, onChange and aria-invalid of the text box or select that edits `key`. */
  const bind = <K extends TextKeys<Draft>>(key: K): Bound => ({
    value: draft[key] as string,
    'aria-invalid': command.invalid(key),
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft((d) => ({ ...d, [key]: e.target.value })),
  });

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  return { command, editing, draft, saved, firstField, open, save, bind, set };
}

/** The list side of a catalogue tab: heading, count, an optional filter, and a table whose last column holds each row's action. */
export function CatalogueList(props: { name: string; heading: string; count: number; filter?: ReactNode; columns: string[]; children: ReactNode }) {
  const { name, heading, count, filter, columns, children } = props;
  return (
    <section className="admin-card" aria-labelledby={`${name}-heading`}>
      <div className="admin-card-head">
        <h2 id={`${name}-heading`}>{heading}</h2>
        <span className="admin-count">{t.count(count)}</span>
        {filter}
      </div>
      <table className="admin-table" data-testid={`${name}-table`}>
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col">
                {column}
              </th>
            ))}
            <th scope="col" className="admin-col-action">
              {t.actions}
            </th>
          </tr>
        </thead>
        <tbody>
          {children}
          {count === 0 && (
            <tr>
              <td colSpan={columns.length + 1} className="admin-empty">
                {t.emptyList}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** A row of an editable list: the record's name heads it, its cells follow, 编辑 ends it; the row being edited is marked. */
function EditableRow(props: { record: { id: string; name: string }; editing: { id: string } | null; onEdit: () => void; children: ReactNode }) {
  const { record } = props;
  const selected = props.editing?.id === record.id;
  return (
    <tr className={selected ? 'selected' : undefined}>
      <th scope="row">{record.name}</th>
      {props.children}
      <td className="admin-col-action">
        <EditButton name={record.name} pressed={selected} onClick={props.onEdit} />
      </td>
    </tr>
  );
}

/** What a catalogue form is called: adding, editing one record (if records can be edited), and its submit button for a new one. */
export interface FormWords {
  add: string;
  saveNew: string;
  editing?: (name: string) => string;
}

/**
 * The form side of a catalogue tab: heading, the tab's fields, the message line (the shared
 * schema's or the server's error, else the last success), 保存 and, while editing, 取消.
 */
export function CatalogueForm(props: {
  name: string;
  words: FormWords;
  editor: { command: ReturnType<typeof useAdminCommand>; editing: { name: string } | null; saved: string | null };
  offline: boolean;
  onSubmit: () => Promise<void>;
  /** 取消 while editing: back to a new record. */
  onCancel: () => void;
  autoComplete?: 'off';
  children: ReactNode;
}) {
  const { name, words, editor, offline, children } = props;
  const { command, editing } = editor;
  const editingName = editing && words.editing ? editing.name : null;
  return (
    <form
      className="admin-card admin-form"
      onSubmit={(event) => {
        event.preventDefault();
        void props.onSubmit();
      }}
      aria-labelledby={`${name}-form-heading`}
      noValidate
      autoComplete={props.autoComplete}
    >
      <h2 id={`${name}-form-heading`}>{editingName !== null && words.editing ? words.editing(editingName) : words.add}</h2>
      {children}
      <FormMessage error={command.error} success={editor.saved} id={`${name}-form-message`} />
      <div className="admin-buttons">
        <button type="submit" disabled={command.busy || offline}>
          {command.busy ? t.saving : editing ? t.save : words.saveNew}
        </button>
        {editing && (
          <button type="button" className="secondary" onClick={props.onCancel} disabled={command.busy}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

/** The list of an editable catalogue tab: one EditableRow per record, its cells drawn by the tab. */
export function EditableList<R extends { id: string; name: string }>(props: {
  list: { name: string; heading: string; columns: string[] };
  rows: R[];
  editing: { id: string } | null;
  onEdit: (record: R) => void;
  filter: ReactNode;
  cells: (record: R) => ReactNode;
}) {
  const { rows } = props;
  return (
    <CatalogueList {...props.list} count={rows.length} filter={props.filter}>
      {rows.map((record) => (
        <EditableRow key={record.id} record={record} editing={props.editing} onEdit={() => props.onEdit(record)}>
          {props.cells(record)}
        </EditableRow>
      ))}
    </CatalogueList>
  );
}

/** A labelled select of a catalogue form; `choose` is the empty first choice of a field that must be picked. */
export function ChoiceField(props: { id: string; label: string; required?: boolean; hint?: string; choose?: string; options: Choice[]; control: Bound }) {
  const { id, hint } = props;
  return (
    <Field id={id} label={props.label} required={props.required} hint={hint}>
      <select id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...props.control}>
        {props.choose !== undefined && <option value="">{props.choose}</option>}
        <ChoiceOptions options={props.options} />
      </select>
    </Field>
  );
}

/** A list filter over the table: 全部 first, then each choice. */
export function ListFilter(props: { id: string; label: string; allLabel: string; value: string; onChange: (value: string) => void; options: Choice[] }) {
  return (
    <Field id={props.id} label={props.label} inline>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">{props.allLabel}</option>
        <ChoiceOptions options={props.options} />
      </select>
    </Field>
  );
}

interface Choice {
  value: string;
  label: string;
}

export function ChoiceOptions({ options }: { options: Choice[] }) {
  return (
    <>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </>
  );
}

/** The units as choices of a select, by name. */
export const unitChoices = (units: Unit[]) => units.map((u) => ({ value: u.id, label: u.name }));
