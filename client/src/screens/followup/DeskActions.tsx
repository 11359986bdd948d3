import { CallerFlags } from '../operator/CallerFlags';
import { useState } from 'react';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import {
  assignToUnit,
  changeDeadline,
  closeItem,
  decideExtension,
  recordCallback,
  recordReply,
  remindUnit,
} from '../../../../shared/domain/supervisionRules';
import { COMPLEXITIES, RATINGS, type Appeal, type Complexity, type ExtensionRequest, type Rating, type Unit } from '../../../../shared/domain/types';
import type { WorkCalendar } from '../../../../shared/domain/workCalendar';
import { ActionButtons, ActionForm, ActionNotice, ReplyForm, TextField, useActionPanel, useItemCommand, type ActionProps, type ActionSet } from './ActionForms';
import { FormMessage } from './parts';
import { followupStrings as t } from './strings';
import { tryRule, unreachableSinceReply } from './supervisionView';

type ActionKey = keyof typeof t.actions;
const DESK_ACTIONS: ActionSet<ActionKey> = {
  label: t.actionsLabel,
  keys: ['assign', 'deadline', 'remind', 'reply', 'callback', 'close'],
  names: t.actions,
  primary: 'close',
  unavailable: t.actionUnavailable,
  testIdPrefix: 'action-',
  formIdPrefix: 'sv-form-',
};


const BOGUS_UNIT = '\u0000';

/** Whether each action is open now, asked of the shared rules themselves (see tryRule). */
function availability(appeal: Appeal, calendar: WorkCalendar, closeNote: string): Record<ActionKey, string | null> {
  const why = (trial: ReturnType<typeof tryRule>) => (trial.ok || !trial.refused ? null : trial.message);
  return {
    assign: why(tryRule(appeal, calendar, (state, ref, ctx) => assignToUnit(state, { ...ref, unitId: BOGUS_UNIT, reason: '-' }, '-', ctx))),
    deadline: why(tryRule(appeal, calendar, (state, ref, ctx) => changeDeadline(state, { ...ref, deadline: '9999-12-31', reason: '-' }, '-', ctx))),
    remind: why(tryRule(appeal, calendar, (state, ref, ctx) => remindUnit(state, { ...ref, note: '' }, '-', ctx))),
    reply: why(tryRule(appeal, calendar, (state, ref, ctx) => recordReply(state, { ...ref, text: '-', onBehalf: true }, '-', ctx))),
    callback: why(tryRule(appeal, calendar, (state, ref, ctx) => recordCallback(state, { ...ref, outcome: 'unreachable', rating: null, note: '' }, '-', ctx))),
    close: why(tryRule(appeal, calendar, (state, ref, ctx) => closeItem(state, { ...ref, note: closeNote.trim() ? closeNote : '' }, ctx))),
  };
}

/** The 督办操作 of the follow-up desk: one button per action, its form opening under the row. */
export function DeskActions(props: ActionProps & { units: Unit[] }) {
  const { appeal, calendar } = props;
  const panel = useActionPanel<ActionKey>(appeal, props.onDone);
  const { open, done, cancel } = panel;
  const [closeNote, setCloseNote] = useState('');
  // Closing "allowed" is decided with a placeholder note: a missing reason is asked for in the form, not by hiding the button.
  const allowed = availability(appeal, calendar, 'x');
  const closeWhy = availability(appeal, calendar, closeNote).close;
  const s = appeal.supervision!;

  return (
    <section className="sv-actions" aria-label={t.actionsLabel} data-testid="desk-actions">
      {/* Flags kept on the caller's number (恶意来电, 需要关怀…): the desk calls the citizen back, so it sees and sets them. */}
      <CallerFlags socket={props.socket} phone={appeal.caller.phone} compact />
      {s.status === 'closed' ? (
        <p className="sv-closed-note">{t.closedNotice}</p>
      ) : (
        <>
          <ActionButtons set={DESK_ACTIONS} open={open} why={allowed} offline={props.offline} onToggle={panel.toggle} />
          {allowed.close && s.status === 'replied' && (
            <p className="sv-hint" data-testid="close-blocked">{t.closeBlocked(allowed.close)}</p>
          )}
        </>
      )}
      {open === 'assign' && <AssignForm {...props} onDone={done((a) => t.assignDone(props.units.find((u) => u.id === a.supervision!.unitId)?.name ?? ''))} onCancel={cancel} />}
      {open === 'deadline' && <DeadlineForm {...props} onDone={done((a) => t.deadlineDone(t.longDate(a.supervision!.deadline)))} onCancel={cancel} />}
      {open === 'remind' && <RemindForm {...props} onDone={done(t.remindDone)} onCancel={cancel} />}
      {open === 'reply' && <ReplyForm {...props} id="reply" textId="sv-reply-text" words={DESK_REPLY} onDone={done(t.replyDone)} onCancel={cancel} />}
      {open === 'callback' && (
        <CallbackForm {...props} onDone={done((a) => (a.supervision!.status === 'with_unit' ? t.callbackReopened : t.callbackDone))} onCancel={cancel} />
      )}
      {open === 'close' && (
        <CloseForm {...props} note={closeNote} setNote={setCloseNote} blocked={closeWhy} onDone={done(t.closeDone)} onCancel={cancel} />
      )}
      <ActionNotice text={panel.notice} testId="desk-notice" />
    </section>
  );
}

type FormProps = ActionProps & { onCancel: () => void };

const DESK_REPLY = { title: t.actions.reply, submitLabel: t.submitLabels.reply, label: t.replyText, hint: t.replyHint };

function AssignForm(props: FormProps & { units: Unit[] }) {
  const command = useItemCommand(props);
  const current = props.appeal.supervision!.unitId;
  const [unitId, setUnitId] = useState('');
  const [reason, setReason] = useState('');
  const submit = async () => {
    const next = await command.send('supervision:assign', { unitId, reason });
    if (next) props.onDone(next);
  };
  return (
    <ActionForm id="assign" title={t.actions.assign} submitLabel={t.submitLabels.assign} busy={command.busy} disabled={!unitId || props.offline} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <div className="sv-field">
        <label htmlFor="sv-assign-unit">{t.assignUnit}<em>{t.required}</em></label>
        <select id="sv-assign-unit" value={unitId} onChange={(e) => setUnitId(e.target.value)}>
          <option value="">{t.assignPick}</option>
          {props.units.filter((u) => u.id !== current).map((u) => (
            <option key={u.id} value={u.id}>{u.name}</option>
          ))}
        </select>
      </div>
      <TextField id="sv-assign-reason" label={t.reasonLabel} value={reason} onChange={setReason} required />
    </ActionForm>
  );
}

function DeadlineForm(props: FormProps) {
  const command = useItemCommand(props);
  const s = props.appeal.supervision!;
  const [mode, setMode] = useState<'complexity' | 'date'>('complexity');
  const [complexity, setComplexity] = useState<Complexity>(s.complexity);
  const [date, setDate] = useState(s.deadline);
  const [reason, setReason] = useState('');
  const change = mode === 'complexity' ? { complexity } : { deadline: date };
  // The new deadline as the shared rule computes it (working days from the hand-over day), or why it would be refused.
  const preview = tryRule(props.appeal, props.calendar, (state, ref, ctx) => changeDeadline(state, { ...ref, ...change, reason: '-' }, '-', ctx));
  const submit = async () => {
    const next = await command.send('supervision:setDeadline', { ...change, reason });
    if (next) props.onDone(next);
  };
  return (
    <ActionForm id="deadline" title={t.actions.deadline} submitLabel={t.submitLabels.deadline} busy={command.busy} disabled={props.offline || (mode === 'date' && !date)} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <fieldset className="sv-choice">
        <legend>{t.deadlineBy}</legend>
        <label className="sv-radio">
          <input type="radio" name="sv-deadline-mode" checked={mode === 'complexity'} onChange={() => setMode('complexity')} />
          {t.deadlineByComplexity}
        </label>
        <label className="sv-radio">
          <input type="radio" name="sv-deadline-mode" checked={mode === 'date'} onChange={() => setMode('date')} />
          {t.deadlineByDate}
        </label>
      </fieldset>
      {mode === 'complexity' ? (
        <fieldset className="sv-choice">
          <legend>{t.fields.complexity}</legend>
          {COMPLEXITIES.map((c) => (
            <label key={c} className="sv-radio">
              <input type="radio" name="sv-deadline-complexity" checked={complexity === c} onChange={() => setComplexity(c)} />
              {t.complexityWithDays(c, t.complexity[c])}
            </label>
          ))}
        </fieldset>
      ) : (
        <div className="sv-field sv-field-short">
          <label htmlFor="sv-deadline-date">{t.deadlineDate}<em>{t.required}</em></label>
          <input id="sv-deadline-date" type="date" required aria-invalid={!date || undefined} value={date} onChange={(e) => setDate(e.target.value)} />
        </div>
      )}
      {mode === 'date' && !date ? (
        <p className="sv-hint" role="alert" data-testid="deadline-preview">
          {t.deadlineRequired}
        </p>
      ) : (
        <p className={preview.ok ? 'sv-preview' : 'sv-hint'} data-testid="deadline-preview">
          {preview.ok ? t.deadlinePreview(t.longDate(preview.appeal.supervision!.deadline)) : preview.message}
        </p>
      )}
      <TextField id="sv-deadline-reason" label={t.reasonLabel} value={reason} onChange={setReason} required />
    </ActionForm>
  );
}

function RemindForm(props: FormProps) {
  const command = useItemCommand(props);
  const [note, setNote] = useState('');
  const submit = async () => {
    const next = await command.send('supervision:remind', { note });
    if (next) props.onDone(next);
  };
  return (
    <ActionForm id="remind" title={t.actions.remind} submitLabel={t.submitLabels.remind} busy={command.busy} disabled={props.offline} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <TextField id="sv-remind-note" label={t.remindNote} value={note} onChange={setNote} />
    </ActionForm>
  );
}

function CallbackForm(props: FormProps) {
  const command = useItemCommand(props);
  const [outcome, setOutcome] = useState<'reached' | 'unreachable'>('reached');
  const [rating, setRating] = useState<Rating | null>(null);
  const [note, setNote] = useState('');
  const unreachable = unreachableSinceReply(props.appeal);
  const submit = async () => {
    const next = await command.send('supervision:callBack', { outcome, rating: outcome === 'reached' ? rating : null, note });
    if (next) props.onDone(next);
  };
  return (
    <ActionForm id="callback" title={t.actions.callback} submitLabel={t.submitLabels.callback} busy={command.busy} disabled={props.offline || (outcome === 'reached' && !rating)} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <fieldset className="sv-choice">
        <legend>{t.callbackOutcome}</legend>
        {(['reached', 'unreachable'] as const).map((o) => (
          <label key={o} className="sv-radio">
            <input type="radio" name="sv-callback-outcome" checked={outcome === o} onChange={() => setOutcome(o)} />
            {t.outcomes[o]}
          </label>
        ))}
      </fieldset>
      {outcome === 'reached' ? (
        <fieldset className="sv-choice">
          <legend>{t.ratingLabel}<em>{t.required}</em></legend>
          {RATINGS.map((r) => (
            <label key={r} className={`sv-radio rating-${r}`}>
              <input type="radio" name="sv-callback-rating" checked={rating === r} onChange={() => setRating(r)} />
              {RATING_NAMES[r]}
            </label>
          ))}
        </fieldset>
      ) : null}
      <p className="sv-dim" data-testid="unreachable-count">{t.unreachableSoFar(unreachable)}</p>
      <TextField id="sv-callback-note" label={t.noteLabel} value={note} onChange={setNote} multiline />
    </ActionForm>
  );
}

function CloseForm(props: FormProps & { note: string; setNote: (v: string) => void; blocked: string | null }) {
  const command = useItemCommand(props);
  const submit = async () => {
    const next = await command.send('supervision:close', { note: props.note });
    if (next) {
      props.setNote('');
      props.onDone(next);
    }
  };
  return (
    <ActionForm id="close" title={t.actions.close} submitLabel={t.submitLabels.close} busy={command.busy} disabled={props.offline} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <TextField id="sv-close-note" label={t.closeNote} value={props.note} onChange={props.setNote} multiline />
      {props.blocked && !command.error && <p className="sv-hint">{props.blocked}</p>}
    </ActionForm>
  );
}

/** 同意 / 不同意 under an undecided extension request, with the deadline a grant would give. */
export function ExtensionDecision(props: ActionProps & { request: ExtensionRequest }) {
  const command = useItemCommand(props);
  const [note, setNote] = useState('');
  const grant = tryRule(props.appeal, props.calendar, (state, ref, ctx) => decideExtension(state, { ...ref, requestId: props.request.id, granted: true, note: '' }, '-', ctx));
  const decide = async (granted: boolean) => {
    const next = await command.send('supervision:decideExtension', { requestId: props.request.id, granted, note });
    if (next) props.onDone(next);
  };
  const id = `sv-decide-${props.request.id}`;
  return (
    <div className="sv-decide" data-testid="extension-decision">
      {grant.ok && <p className="sv-preview">{t.grantPreview(t.longDate(grant.appeal.supervision!.deadline))}</p>}
      <div className="sv-decide-row">
        <label htmlFor={id} className="sv-visually-hidden">{t.decideNote}</label>
        <input id={id} placeholder={`${t.decideNote}${t.optional}`} value={note} onChange={(e) => setNote(e.target.value)} />
        <button type="button" disabled={command.busy || props.offline} onClick={() => void decide(true)}>
          {t.decide.grant}
        </button>
        <button type="button" className="secondary" disabled={command.busy || props.offline} onClick={() => void decide(false)}>
          {t.decide.refuse}
        </button>
      </div>
      <FormMessage error={command.error} />
    </div>
  );
}
