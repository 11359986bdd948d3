import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { CHANNELS, type Appeal, type Unit } from '../../../../shared/domain/types';
import { AppealUpdate } from '../../../../shared/protocol/commands';
import type { StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { AppealFields, appealFields, checkForm, fieldOf, focusField, formOf, GeneralError, type AppealForm, type FieldError } from './appealForm';
import { operatorStrings as t } from './strings';

/** Only what changed goes in the patch: the audit trail then says exactly what was corrected. */
function patchOf(before: AppealForm, after: AppealForm) {
  const a = appealFields(before);
  const b = appealFields(after);
  const patch: Partial<typeof b> = {};
  if (a.channel !== b.channel) patch.channel = b.channel;
  if (JSON.stringify(a.caller) !== JSON.stringify(b.caller)) patch.caller = b.caller;
  if (a.area !== b.area) patch.area = b.area;
  if (a.category !== b.category) patch.category = b.category;
  if (a.targetUnitId !== b.targetUnitId) patch.targetUnitId = b.targetUnitId;
  if (a.summary !== b.summary) patch.summary = b.summary;
  if (a.operatorNotes !== b.operatorNotes) patch.operatorNotes = b.operatorNotes;
  return patch;
}

/**
 * Correct a waiting or queued appeal before it goes on air (appeal:update): typos, the unit, the
 * category, the area, the caller's title. The server audits the change and the big screen follows.
 */
export function AppealEditor({ socket, appeal, episodeId, units, onClose }: { socket: StudioSocket | null; appeal: Appeal | null; episodeId: string; units: Unit[]; onClose: (saved: string | null) => void }) {
  const command = useCommand(socket);
  const [base, setBase] = useState(appeal);
  const [form, setForm] = useState<AppealForm | null>(appeal ? formOf(appeal) : null);
  const [error, setError] = useState<FieldError | null>(null);
  const formEl = useRef<HTMLFormElement>(null);
  const phoneRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    requestAnimationFrame(() => phoneRef.current?.focus());
  }, []);

  // A refusal from the server (a conflict, a rule) is shown next to its field, once.
  useEffect(() => {
    const refusal = command.error;
    if (!refusal) return;
    setError({ field: fieldOf(refusal.field), message: refusal.message });
    // Someone else changed it meanwhile: show what is there now, to correct again from there.
    if (refusal.code === 'CONFLICT' && appeal) {
      setBase(appeal);
      setForm(formOf(appeal));
    }
  }, [command.error]);

  if (!appeal || !base || !form || !['received', 'queued'].includes(appeal.status)) {
    return (
      <div className="editor-backdrop" role="presentation">
        <section className="panel editor" role="dialog" aria-modal="true" aria-label={t.edit.button} onKeyDown={(e) => e.key === 'Escape' && onClose(null)}>
          <p className="error">{t.edit.gone}</p>
          <button type="button" autoFocus onClick={() => onClose(null)}>{t.cancel}</button>
        </section>
      </div>
    );
  }

  const set = <K extends keyof AppealForm>(key: K, value: AppealForm[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    if (error?.field === key || !error?.field) setError(null);
  };

  const save = async (event?: FormEvent) => {
    event?.preventDefault();
    const patch = patchOf(formOf(base), form);
    if (Object.keys(patch).length === 0) return setError({ field: null, message: t.edit.nothing });
    const payload = { episodeId, appealId: appeal.id, expectedVersion: base.version, patch };
    const problem = checkForm(AppealUpdate, { commandId: 'appeal-editor-check', ...payload }, 'appeal:update', form, 'caller' in patch);
    if (problem) {
      setError(problem);
      focusField(formEl.current, problem.field);
      return;
    }
    const result = await command.run('appeal:update', payload);
    if (result) onClose(t.edit.saved(appeal.no));
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void save();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose(null);
    } else if (event.altKey && ['1', '2', '3'].includes(event.key)) {
      event.preventDefault();
      set('channel', CHANNELS[Number(event.key) - 1]);
    }
  };

  return (
    <div className="editor-backdrop" role="presentation">
      <section className="panel editor" role="dialog" aria-modal="true" aria-label={t.edit.heading(appeal.no)} data-testid="appeal-editor">
        <h3>{t.edit.heading(appeal.no)}</h3>
        <form ref={formEl} onSubmit={save} onKeyDown={onKeyDown} noValidate>
          <AppealFields form={form} set={set} units={units} error={error} prefix="edit" phoneRef={phoneRef} radioName="edit-channel" phoneTouched />
          <div className="actions">
            <button type="submit" disabled={command.busy}>{t.edit.save}</button>
            <button type="button" className="secondary" onClick={() => onClose(null)}>{t.cancel}</button>
            <GeneralError error={error} />
          </div>
          <p className="hint">{t.edit.hint}</p>
        </form>
      </section>
    </div>
  );
}
