import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';
import type { CommandError } from '../../../../shared/domain/errors';
import type { Unit } from '../../../../shared/domain/types';
import type { CatalogueView } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { adminStrings as t } from './strings';

/** What every section of the admin screen gets: the socket, the catalogue, and whether commands can go out now. */
export interface SectionProps {
  socket: StudioSocket | null;
  catalogue: CatalogueView;
  /** Not connected: buttons that send a command are disabled rather than queue it silently. */
  offline: boolean;
}

/**
 * The message line under a form: the server's (or the shared schema's) Chinese error, else the
 * last success. role=alert makes a screen reader say the error as soon as it appears.
 */
export function FormMessage({ error, success, id }: { error: CommandError | null; success?: string | null; id?: string }) {
  if (error) {
    return (
      <p role="alert" className="admin-form-error" id={id} data-testid={id}>
        {error.message}
      </p>
    );
  }
  return (
    <p role="status" className="admin-form-ok" id={id} data-testid={id ? `${id}-ok` : undefined}>
      {success ?? ''}
    </p>
  );
}

/** Unit name by id, for lists that show a unit. */
export function unitNamer(units: Unit[]): (unitId: string | null) => string {
  const names = new Map(units.map((u) => [u.id, u.name]));
  return (unitId) => (unitId === null ? t.none : names.get(unitId) ?? t.unknownUnit);
}

/** The "编辑" button of a list row, labelled with what it edits so a screen reader can tell rows apart. */
export function EditButton({ name, onClick, pressed }: { name: string; onClick: () => void; pressed: boolean }) {
  return (
    <button type="button" className="admin-link-button" aria-label={`${t.edit} ${name}`} aria-pressed={pressed} onClick={onClick}>
      {t.edit}
    </button>
  );
}

/** "2025-12-09（周二）": the weekday matters when planning a weekly programme. */
export function dateWithWeekday(date: string): string {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return Number.isNaN(day) ? date : t.dateWithWeekday(date, t.weekdays[day]);
}

/**
 * One labelled form control. The label points at the control (htmlFor) rather than wrapping it, so
 * a select's accessible name is its label, not the label plus every option.
 */
export function Field({ id, label, required, hint, inline, children }: { id: string; label: string; required?: boolean; hint?: string; inline?: boolean; children: ReactNode }) {
  return (
    <div className={inline ? 'admin-field admin-inline' : 'admin-field'}>
      <label htmlFor={id}>
        {label}
        {required && <em>{t.required}</em>}
      </label>
      {children}
      {hint && <small id={`${id}-hint`}>{hint}</small>}
    </div>
  );
}

/**
 * The confirm step before a row action that cannot quietly be taken back (停用): what will happen,
 * the action, and 取消. The safe choice gets the focus; Escape cancels. It sits right under the row
 * it is about, so the admin sees which account or link is meant.
 */
export function ConfirmPanel(props: {
  id: string;
  heading: string;
  text: string;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  offline: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { id, heading, text, confirmLabel, busyLabel, busy, offline, onConfirm, onCancel } = props;
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
  }, []);
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && !busy) onCancel();
  };
  return (
    <div role="alertdialog" aria-labelledby={`${id}-heading`} aria-describedby={`${id}-text`} className="admin-confirm admin-confirm-row" onKeyDown={onKey} data-testid={id}>
      <h3 id={`${id}-heading`}>{heading}</h3>
      <p id={`${id}-text`}>{text}</p>
      <div className="admin-buttons">
        <button type="button" onClick={onConfirm} disabled={busy || offline}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button ref={cancelRef} type="button" className="secondary" onClick={onCancel} disabled={busy}>
          {t.cancel}
        </button>
      </div>
    </div>
  );
}
