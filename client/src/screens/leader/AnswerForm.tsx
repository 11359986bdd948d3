import { STATUS_NAMES } from '../../../../shared/domain/appealRules';
import type { AppealStatus } from '../../../../shared/domain/types';
import { leaderStrings as t } from './strings';

/** What the leader is typing for the call on air; it belongs to that call and is cleared when another goes on air. */
export interface Draft {
  appealId: string | null;
  points: string;
  commitment: string;
  reason: string;
}

export const emptyDraft = (appealId: string | null): Draft => ({ appealId, points: '', commitment: '', reason: t.defaultReason });

/** What became of the call that just left the air, and what the leader had typed but not sent. */
export interface Notice {
  appealId: string;
  no: number;
  status: AppealStatus;
  mine: boolean;
  points: string;
  commitment: string;
}

interface Props {
  draft: Draft | null;
  /** The fields hold what this browser kept before a reload. */
  restored: boolean;
  onChange: (patch: Partial<Draft>) => void;
  onAnswer: () => void;
  onHandOver: () => void;
  busy: boolean;
  online: boolean;
  error: string | null;
  notice: Notice | null;
  onDismissNotice: () => void;
}

export function AnswerForm({ draft, restored, onChange, onAnswer, onHandOver, busy, online, error, notice, onDismissNotice }: Props) {
  const disabled = busy || !online;
  return (
    <section className="lp-card lp-form" aria-labelledby="lp-form-title" data-testid="leader-form">
      <h2 id="lp-form-title" className="lp-card-title">
        {t.formTitle}
      </h2>
      {notice && <NoticeBox notice={notice} onDismiss={onDismissNotice} />}
      {error && (
        <p className="lp-error lp-error-box" role="alert" data-testid="leader-error">
          {error}
        </p>
      )}
      {!draft ? (
        <p className="lp-empty">{t.noForm}</p>
      ) : (
        <form
          className="lp-form-body"
          onSubmit={(e) => {
            e.preventDefault();
            onAnswer();
          }}
        >
          {restored && (
            <p className="lp-restored" role="status" data-testid="leader-draft-restored">
              {t.draftRestored}
            </p>
          )}
          <div className="lp-fields">
            <label className="lp-field" htmlFor="lp-points">
              <span className="lp-field-label">
                {t.pointsLabel} <span className="lp-required">{t.pointsHint}</span>
              </span>
              <textarea id="lp-points" rows={2} value={draft.points} placeholder={t.pointsPlaceholder} onChange={(e) => onChange({ points: e.target.value })} />
            </label>
            <label className="lp-field" htmlFor="lp-commitment">
              <span className="lp-field-label">
                {t.commitmentLabel} <span className="lp-optional">{t.commitmentHint}</span>
              </span>
              <textarea
                id="lp-commitment"
                rows={2}
                value={draft.commitment}
                placeholder={t.commitmentPlaceholder}
                onChange={(e) => onChange({ commitment: e.target.value })}
              />
            </label>
          </div>
          <div className="lp-outcomes">
            <button type="submit" className="lp-button lp-answer-button" disabled={disabled}>
              {busy ? t.sending : t.answerButton}
            </button>
            <span className="lp-or">{t.or}</span>
            <label className="lp-reason" htmlFor="lp-reason">
              <span className="lp-reason-label">{t.reasonLabel}</span>
              <input id="lp-reason" value={draft.reason} onChange={(e) => onChange({ reason: e.target.value })} />
            </label>
            <button type="button" className="lp-button lp-handover-button" disabled={disabled} onClick={onHandOver}>
              {busy ? t.sending : t.handOverButton}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

function NoticeBox({ notice, onDismiss }: { notice: Notice; onDismiss: () => void }) {
  const outcome = STATUS_NAMES[notice.status];
  const unsent = !notice.mine && (notice.points.trim() || notice.commitment.trim());
  return (
    <div className={`lp-notice ${notice.mine ? 'lp-notice-done' : 'lp-notice-elsewhere'}`} role="status" data-testid="leader-notice">
      <div className="lp-notice-line">
        <span>{notice.mine ? t.recorded(notice.no, outcome) : t.closedElsewhere(notice.no, outcome)}</span>
        <button type="button" className="lp-link-button" onClick={onDismiss}>
          {t.dismiss}
        </button>
      </div>
      {unsent && (
        <div className="lp-unsent">
          <p>{t.unsentDraft}</p>
          {notice.points.trim() && (
            <p>
              <span className="lp-detail-label">{t.answerPoints}</span>
              {notice.points}
            </p>
          )}
          {notice.commitment.trim() && (
            <p>
              <span className="lp-detail-label">{t.commitment}</span>
              {notice.commitment}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
