import type { ReactNode, RefObject } from 'react';
import { callerPhoneProblem, parseChinesePhone } from '../../../../shared/domain/phone';
import { cleanLongText, cleanName } from '../../../../shared/domain/text';
import { CHANNELS, type Appeal, type Channel, type Unit } from '../../../../shared/domain/types';
import { LIMITS } from '../../../../shared/protocol/commands';
import { parsePayload } from '../../../../shared/protocol/validationMessage';
import type { z } from 'zod';
import { CategoryPicker } from './CategoryPicker';
import { operatorStrings as t } from './strings';

/**
 * The fields of an appeal as the operator types them, shared by the intake card and the edit form:
 * the same counters, the same checks (the server's own schema and phone rule, run before sending),
 * and one error, shown next to the field it is about.
 */

export type CallerTitleChoice = '先生' | '女士' | 'none';

export interface AppealForm {
  channel: Channel;
  phone: string;
  name: string;
  title: CallerTitleChoice;
  anonymous: boolean;
  area: string;
  category: string;
  targetUnitId: string;
  summary: string;
  notes: string;
}

export type FieldName = keyof AppealForm;

export interface FieldError {
  /** The card's field the error is about, or null when it is about no one field. */
  field: FieldName | null;
  message: string;
}

export function blankForm(channel: Channel): AppealForm {
  return { channel, phone: '', name: '', title: '先生', anonymous: false, area: '', category: '', targetUnitId: '', summary: '', notes: '' };
}

export function formOf(appeal: Appeal): AppealForm {
  return {
    channel: appeal.channel,
    phone: appeal.caller.phone,
    name: appeal.caller.name,
    title: appeal.caller.title ?? 'none',
    anonymous: appeal.caller.anonymous,
    area: appeal.area,
    category: appeal.category,
    targetUnitId: appeal.targetUnitId ?? '',
    summary: appeal.summary,
    notes: appeal.operatorNotes,
  };
}

/** Whether a card holds anything the operator typed (the channel alone is not a caller). */
export function isBlank(form: AppealForm): boolean {
  return !form.phone.trim() && !form.name.trim() && !form.area.trim() && !form.category.trim() && !form.targetUnitId && !form.summary.trim() && !form.notes.trim() && !form.anonymous;
}

/** The payload fields of appeal:create (and of appeal:update's patch). */
export function appealFields(form: AppealForm) {
  return {
    channel: form.channel,
    caller: { anonymous: form.anonymous, name: form.anonymous ? '' : form.name, title: form.anonymous || form.title === 'none' ? null : form.title, phone: form.phone },
    area: form.area,
    category: form.category,
    targetUnitId: form.targetUnitId || null,
    summary: form.summary,
    operatorNotes: form.notes,
  };
}

/** A payload path (caller.phone, patch.summary) as the card's field. */
export function fieldOf(path: string | undefined): FieldName | null {
  const last = (path ?? '').split('.').filter((p) => p !== 'patch');
  const key = last.join('.');
  const map: Record<string, FieldName> = {
    channel: 'channel',
    'caller.phone': 'phone',
    'caller.name': 'name',
    'caller.title': 'title',
    'caller.anonymous': 'anonymous',
    caller: 'phone',
    area: 'area',
    category: 'category',
    targetUnitId: 'targetUnitId',
    summary: 'summary',
    operatorNotes: 'notes',
  };
  return map[key] ?? null;
}

/**
 * The card checked as the server will check it: its schema (lengths, invisible text, phone format)
 * and the caller's phone rule (a caller not marked anonymous gives a valid number). Null when it
 * would be accepted.
 */
export function checkForm(schema: z.ZodType, payload: unknown, command: string, form: AppealForm, callerSent = true): FieldError | null {
  // The number comes first on the card, and its missing-number sentence says what to do instead (匿名).
  if (callerSent && callerPhoneProblem({ anonymous: form.anonymous, phone: form.phone }) === 'phone_required') return { field: 'phone', message: t.intake.phoneRequired };
  const parsed = parsePayload(schema, payload, command);
  if (!parsed.ok) return { field: fieldOf(parsed.field), message: parsed.message };
  // A category off the list is hinted at while typing, never a reason to hold a caller up mid-show.
  return null;
}

/** What the phone field says while the number is typed: valid and how it will be stored, or nothing yet. */
export function phoneStatus(form: AppealForm): { ok: boolean; text: string } | null {
  if (!form.phone.trim()) return form.anonymous ? { ok: true, text: t.intake.anonymousNoPhone } : null;
  const parsed = parseChinesePhone(form.phone);
  if (parsed) return { ok: true, text: t.intake.phoneOk[parsed.kind](parsed.normalised) };
  return null;
}

/** A field's limit and how much of it is used, as the server will count it (after cleaning). */
const LIMITED: Partial<Record<FieldName, { max: number; long: boolean }>> = {
  name: { max: LIMITS.shortText, long: false },
  area: { max: LIMITS.shortText, long: false },
  category: { max: LIMITS.category, long: false },
  summary: { max: LIMITS.summary, long: true },
  notes: { max: LIMITS.notes, long: true },
};

function Counter({ field, value }: { field: FieldName; value: string }) {
  const limit = LIMITED[field];
  if (!limit) return null;
  const used = (limit.long ? cleanLongText(value) : cleanName(value)).length;
  const over = used > limit.max;
  return (
    <span className={`counter${over ? ' over' : used > limit.max * 0.9 ? ' near' : ''}`} data-testid={`counter-${field}`} aria-live={over ? 'polite' : 'off'}>
      {t.intake.counter(used, limit.max)}
    </span>
  );
}

/** The one place an error of the form is shown: next to its field. */
function Problem({ id, error, field }: { id: string; error: FieldError | null; field: FieldName }) {
  if (error?.field !== field) return null;
  return (
    <span className="field-error" role="alert" id={id} data-testid={`error-${field}`}>
      {error.message}
    </span>
  );
}

/**
 * The fields, in the order a caller gives them. `prefix` keeps ids unique when two forms are on the
 * page (the intake card and the edit form).
 */
export function AppealFields({
  form,
  set,
  units,
  error,
  prefix,
  phoneRef,
  radioName,
  phoneTouched,
  onPhoneBlur,
  extra,
}: {
  form: AppealForm;
  set: <K extends FieldName>(key: K, value: AppealForm[K]) => void;
  units: Unit[];
  error: FieldError | null;
  prefix: string;
  phoneRef?: RefObject<HTMLInputElement | null>;
  radioName: string;
  phoneTouched?: boolean;
  onPhoneBlur?: () => void;
  extra?: ReactNode;
}) {
  const id = (field: FieldName) => `${prefix}-${field}-error`;
  const invalid = (field: FieldName) => (error?.field === field ? { 'aria-invalid': true as const, 'aria-describedby': id(field) } : {});
  const status = phoneStatus(form);
  const phoneBad = !status && form.phone.trim() !== '' && phoneTouched && error?.field !== 'phone';
  return (
    <>
      {/* Native radios sharing one name: Tab stops once, on the checked one, and the arrow keys change the channel. */}
      <div className="channels" role="radiogroup" aria-label={t.intake.channel}>
        {CHANNELS.map((channel, i) => (
          <label key={channel} className={form.channel === channel ? 'chosen' : ''}>
            <input type="radio" name={radioName} value={channel} checked={form.channel === channel} onChange={() => set('channel', channel)} />
            {t.intake.channels[channel]} <kbd>Alt+{i + 1}</kbd>
          </label>
        ))}
        {extra}
      </div>
      <div className="row">
        <label className="grow">
          {t.intake.phone}
          <input ref={phoneRef} name="phone" inputMode="tel" autoComplete="off" placeholder={t.intake.phoneHint} value={form.phone} onChange={(e) => set('phone', e.target.value)} onBlur={onPhoneBlur} {...invalid('phone')} />
        </label>
        <label className="grow">
          {t.intake.name}
          <input name="name" autoComplete="off" disabled={form.anonymous} value={form.anonymous ? '' : form.name} onChange={(e) => set('name', e.target.value)} {...invalid('name')} />
        </label>
        <label>
          {t.intake.title}
          <select name="title" value={form.title} disabled={form.anonymous} onChange={(e) => set('title', e.target.value as CallerTitleChoice)}>
            <option value="先生">{t.intake.titles.先生}</option>
            <option value="女士">{t.intake.titles.女士}</option>
            <option value="none">{t.intake.titles.none}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" name="anonymous" checked={form.anonymous} onChange={(e) => set('anonymous', e.target.checked)} />
          {t.intake.anonymous}
        </label>
      </div>
      <div className="field-notes">
        <Problem id={id('phone')} error={error} field="phone" />
        {phoneBad && <span className="field-error soft" data-testid="phone-format-hint">{t.intake.phoneHint}</span>}
        {status && error?.field !== 'phone' && <span className="ok" data-testid="phone-status">{status.text}</span>}
        <Problem id={id('name')} error={error} field="name" />
        <Counter field="name" value={form.anonymous ? '' : form.name} />
      </div>
      <div className="row">
        <label className="grow">
          <span className="label-line">{t.intake.area} <Counter field="area" value={form.area} /></span>
          <input name="area" autoComplete="off" value={form.area} onChange={(e) => set('area', e.target.value)} {...invalid('area')} />
          <Problem id={id('area')} error={error} field="area" />
        </label>
        <label className="grow">
          <span className="label-line">{t.intake.category} <Counter field="category" value={form.category} /></span>
          <CategoryPicker id={prefix} value={form.category} onChange={(value) => set('category', value)} invalid={invalid('category')} />
          <Problem id={id('category')} error={error} field="category" />
        </label>
        <label className="grow">
          {t.intake.targetUnit}
          <select name="targetUnitId" value={form.targetUnitId} onChange={(e) => set('targetUnitId', e.target.value)} {...invalid('targetUnitId')}>
            <option value="">{t.intake.noUnit}</option>
            {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
          <Problem id={id('targetUnitId')} error={error} field="targetUnitId" />
        </label>
      </div>
      <label>
        <span className="label-line">{t.intake.summary} <Counter field="summary" value={form.summary} /></span>
        <textarea name="summary" rows={3} value={form.summary} onChange={(e) => set('summary', e.target.value)} {...invalid('summary')} />
        <Problem id={id('summary')} error={error} field="summary" />
      </label>
      <label>
        <span className="label-line">{t.intake.notes} <Counter field="notes" value={form.notes} /></span>
        <input name="notes" autoComplete="off" value={form.notes} onChange={(e) => set('notes', e.target.value)} {...invalid('notes')} />
        <Problem id={id('notes')} error={error} field="notes" />
      </label>
      <Problem id={id('channel')} error={error} field="channel" />
    </>
  );
}

/** Focus the field an error is about, so the operator fixes it without hunting. */
export function focusField(container: HTMLElement | null, field: FieldName | null) {
  if (!container || !field) return;
  const name = field === 'channel' ? null : field;
  const el = name ? container.querySelector<HTMLElement>(`[name="${name}"]`) : container.querySelector<HTMLElement>('input[type="radio"]:checked');
  el?.focus();
}

/** Errors about no one field (the episode has ended, the disk is full…). */
export function GeneralError({ error }: { error: FieldError | null }) {
  if (!error || error.field) return null;
  return (
    <span role="alert" className="error" data-testid="form-error">
      {error.message}
    </span>
  );
}
