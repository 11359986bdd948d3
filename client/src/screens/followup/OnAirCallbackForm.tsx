import { useEffect, useRef, useState } from 'react';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import { RATINGS, type Appeal, type Rating } from '../../../../shared/domain/types';
import { newCommandId, type StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';
import { ActionForm, TextField } from './ActionForms';
import { FormMessage } from './parts';
import { followupStrings as t } from './strings';

/**
 * 回访 of an appeal answered on air (`appeal:callBack`): reached with the citizen's rating, or not
 * reached; the words are the supervised callback's (DeskActions.tsx). Sending the same thing again
 * after a lost answer reuses its commandId, so the server records the call once.
 */
export function OnAirCallbackForm(props: {
  socket: StudioSocket | null;
  appeal: Appeal;
  awaiting: boolean;
  offline: boolean;
  onDone: (appeal: Appeal) => void;
  /** Someone else changed the appeal first: the refusal's fresh copy, when it carried one. */
  onConflict: (fresh: Appeal | null) => void;
}) {
  const { appeal, onConflict } = props;
  const command = useCommand(props.socket);
  // Another desk called back first: its copy is shown at once, the server's sentence stays on screen.
  const conflict = command.error?.code === 'CONFLICT' ? command.error : null;
  useEffect(() => {
    if (conflict) onConflict(isAppeal(conflict.fresh, appeal.id) ? conflict.fresh : null);
  }, [conflict, onConflict, appeal.id]);
  const [outcome, setOutcome] = useState<'reached' | 'unreachable'>('reached');
  const [rating, setRating] = useState<Rating | null>(null);
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  /** The last attempt's payload and id: an unchanged retry is the same command. */
  const attempt = useRef<{ key: string; id: string } | null>(null);

  const submit = async () => {
    const body = { episodeId: appeal.episodeId, appealId: appeal.id, expectedVersion: appeal.version, outcome, rating: outcome === 'reached' ? rating : null, note };
    const key = JSON.stringify(body);
    if (attempt.current?.key !== key) attempt.current = { key, id: newCommandId() };
    setNotice(null);
    const data = await command.run('appeal:callBack', body, attempt.current.id);
    if (!data) return;
    attempt.current = null;
    setNote('');
    setRating(null);
    const reached = data.appeal.onAirCallbacks?.at(-1);
    setNotice(reached?.rating ? t.onAir.done(RATING_NAMES[reached.rating]) : t.onAir.doneUnreachable);
    props.onDone(data.appeal);
  };

  const cancel = () => {
    setOutcome('reached');
    setRating(null);
    setNote('');
    command.clearError();
  };

  if (!props.awaiting) {
    return (
      <section className="sv-actions" aria-label={t.onAir.form} data-testid="onair-callback">
        <p className="sv-closed-note">{t.onAir.rated}</p>
        {command.error ? <FormMessage error={command.error} testId="onair-callback" /> : notice && <p role="status" className="sv-form-ok" data-testid="onair-notice">{notice}</p>}
      </section>
    );
  }

  return (
    <section className="sv-actions" aria-label={t.onAir.form} data-testid="onair-callback">
      <h3>{t.onAir.form}</h3>
      <ActionForm id="onair-callback" title={t.onAir.form} submitLabel={t.submitLabels.callback} busy={command.busy} disabled={props.offline || (outcome === 'reached' && !rating)} error={command.error} onSubmit={() => void submit()} onCancel={cancel}>
        <fieldset className="sv-choice">
          <legend>{t.callbackOutcome}</legend>
          {(['reached', 'unreachable'] as const).map((o) => (
            <label key={o} className="sv-radio">
              <input type="radio" name="onair-callback-outcome" checked={outcome === o} onChange={() => setOutcome(o)} />
              {t.outcomes[o]}
            </label>
          ))}
        </fieldset>
        {outcome === 'reached' && (
          <fieldset className="sv-choice">
            <legend>{t.ratingLabel}<em>{t.required}</em></legend>
            {RATINGS.map((r) => (
              <label key={r} className={`sv-radio rating-${r}`}>
                <input type="radio" name="onair-callback-rating" checked={rating === r} onChange={() => setRating(r)} />
                {RATING_NAMES[r]}
              </label>
            ))}
          </fieldset>
        )}
        <TextField id="onair-callback-note" label={t.noteLabel} value={note} onChange={setNote} multiline />
      </ActionForm>
      {notice && <p role="status" className="sv-form-ok" data-testid="onair-notice">{notice}</p>}
    </section>
  );
}

/** The CONFLICT's fresh record, when it is this appeal. */
function isAppeal(value: unknown, appealId: string): value is Appeal {
  return typeof value === 'object' && value !== null && 'id' in value && value.id === appealId && 'version' in value;
}
