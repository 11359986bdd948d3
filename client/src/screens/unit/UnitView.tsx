import { useState } from 'react';
import { decideExtension, recordReply, requestExtension } from '../../../../shared/domain/supervisionRules';
import type { StudioSocket } from '../../api/socket';
import { useCatalogue } from '../../api/useCatalogue';
import type { ScreenProps } from '../../screenProps';
import { ActionButtons, ActionForm, ActionNotice, ReplyForm, TextField, useActionPanel, useItemCommand, type ActionSet } from '../followup/ActionForms';
import { followupStrings as ft } from '../followup/strings';
import { tryRule } from '../followup/supervisionView';
import { Workspace, type ItemActionContext } from '../followup/Workspace';
import { unitStrings as t } from './strings';
import './unit.css';

/**
 * 本单位督办: a unit liaison's view of its own unit's supervised items only (the server scopes the
 * list, the detail and the live changes to the account's unit; this screen also drops anything
 * else). Callers arrive masked (王先生 138****1234) and are shown as they arrive. The liaison
 * replies for the unit and asks for more working days; everything else is the follow-up desk's.
 */
export default function UnitView({ socket, account, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const offline = !socket || connection !== 'connected';
  if (!account.unitId) return <p className="page-note">{t.noUnit}</p>;
  const unitName = catalogue?.units.find((u) => u.id === account.unitId)?.name;
  return (
    <Workspace
      socket={socket}
      offline={offline}
      catalogue={catalogue}
      className="unit"
      heading={unitName ? t.heading(unitName) : t.title}
      unitScope={account.unitId}
      emptyAllText={t.emptyAll}
      actions={(ctx) => <UnitActions socket={socket} {...ctx} />}
    />
  );
}

type Key = 'reply' | 'extension';
const UNIT_ACTIONS: ActionSet<Key> = {
  label: t.actionsLabel,
  keys: ['reply', 'extension'],
  names: t.actions,
  primary: 'reply',
  unavailable: t.unavailable,
  testIdPrefix: 'unit-action-',
  formIdPrefix: 'sv-form-unit-',
};

const UNIT_REPLY = { title: t.actions.reply, submitLabel: t.submitLabels.reply, label: t.replyText, hint: t.replyHint };

function UnitActions(props: ItemActionContext & { socket: StudioSocket | null }) {
  const { appeal, calendar } = props;
  const panel = useActionPanel<Key>(appeal, props.onDone);
  const s = appeal.supervision!;
  const replyTrial = tryRule(appeal, calendar, (state, ref, ctx) => recordReply(state, { ...ref, text: '-', onBehalf: false }, '-', ctx));
  const extensionTrial = tryRule(appeal, calendar, (state, ref, ctx) => requestExtension(state, { ...ref, workdays: 1, reason: '-' }, '-', ctx));
  const why = { reply: replyTrial.ok || !replyTrial.refused ? null : replyTrial.message, extension: extensionTrial.ok || !extensionTrial.refused ? null : extensionTrial.message };

  return (
    <section className="sv-actions" aria-label={t.actionsLabel} data-testid="unit-actions">
      {s.status === 'closed' ? (
        <p className="sv-closed-note">{t.closed}</p>
      ) : s.status === 'replied' ? (
        <p className="sv-closed-note">{t.waiting}</p>
      ) : (
        <ActionButtons set={UNIT_ACTIONS} open={panel.open} why={why} offline={props.offline} onToggle={panel.toggle}>
          {why.extension && !why.reply && <span className="sv-hint unit-why">{why.extension}</span>}
        </ActionButtons>
      )}
      {panel.open === 'reply' && <ReplyForm {...props} id="unit-reply" textId="unit-reply-text" words={UNIT_REPLY} onDone={panel.done(t.replyDone)} onCancel={panel.cancel} />}
      {panel.open === 'extension' && <ExtensionForm {...props} onDone={panel.done(t.extensionDone)} onCancel={panel.cancel} />}
      <ActionNotice text={panel.notice} testId="unit-notice" />
    </section>
  );
}

type FormProps = ItemActionContext & { socket: StudioSocket | null; onCancel: () => void };

function ExtensionForm(props: FormProps) {
  const command = useItemCommand(props);
  const [workdays, setWorkdays] = useState(3);
  const [reason, setReason] = useState('');
  // The deadline a grant would give, from the shared rules: request, then grant, on the shared calendar.
  const asked = tryRule(props.appeal, props.calendar, (state, ref, ctx) => requestExtension(state, { ...ref, workdays, reason: '-' }, '-', ctx));
  const granted = asked.ok ? tryRule(asked.appeal, props.calendar, (state, ref, ctx) => decideExtension(state, { ...ref, requestId: 'preview', granted: true, note: '' }, '-', ctx)) : null;
  const submit = async () => {
    const next = await command.send('supervision:requestExtension', { workdays, reason });
    if (next) props.onDone(next);
  };
  return (
    <ActionForm id="unit-extension" title={t.actions.extension} submitLabel={t.submitLabels.extension} busy={command.busy} disabled={props.offline || !Number.isInteger(workdays) || workdays < 1} error={command.error} onSubmit={submit} onCancel={props.onCancel}>
      <div className="sv-field sv-field-short">
        <label htmlFor="unit-extension-days">
          {t.workdays}
          <em>{ft.required}</em>
        </label>
        <span className="unit-days">
          <input id="unit-extension-days" type="number" min={1} max={30} step={1} value={Number.isNaN(workdays) ? '' : workdays} onChange={(e) => setWorkdays(e.target.valueAsNumber)} />
          {t.workdaysUnit}
        </span>
      </div>
      {granted?.ok && <p className="sv-preview">{t.extensionPreview(ft.longDate(granted.appeal.supervision!.deadline))}</p>}
      <TextField id="unit-extension-reason" label={t.extensionReason} value={reason} onChange={setReason} required multiline />
    </ActionForm>
  );
}
