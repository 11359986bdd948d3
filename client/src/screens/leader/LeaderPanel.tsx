import { useEffect, useMemo, useState } from 'react';
import { appealOnAir, queuedAppeals } from '../../../../shared/domain/episodeState';
import type { Unit } from '../../../../shared/domain/types';
import { pickStudioEpisode, useCatalogue } from '../../api/useCatalogue';
import { useCommand } from '../../api/useCommand';
import { useEpisode } from '../../api/useEpisode';
import type { ScreenProps } from '../../screenProps';
import { AnswerForm, emptyDraft, type Draft, type Notice } from './AnswerForm';
import { AppealHistory, useAppealHistory } from './AppealHistory';
import { clearDraft, loadDraft, saveDraft, sweepDrafts } from './draftStore';
import { EpisodeHeader } from './EpisodeHeader';
import { MessageList } from './MessageList';
import { OnAirCard } from './OnAirCard';
import { QueueList } from './QueueList';
import { leaderStrings as t } from './strings';
import './leader.css';

const hasText = (n: Notice) => Boolean(n.points.trim() || n.commitment.trim());

/**
 * 领导面板: what the leader on air needs at a glance — the call on air and its history, what comes
 * next, the operator's notes — and the two ways to close the call. The socket only ever carries
 * masked callers; the panel shows the masked name and never a phone number.
 */
export default function LeaderPanel({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const episodeId = pickStudioEpisode(catalogue);
  const { state: synced, error: syncError } = useEpisode(socket, episodeId);
  // Right after a switch of episode the hook still holds the previous one for a render.
  const state = synced && synced.episode.id === episodeId ? synced : null;
  const online = connection === 'connected';
  const closing = useCommand(socket);
  const reading = useCommand(socket);

  const [draft, setDraft] = useState<Draft>(() => emptyDraft(null));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [submittedId, setSubmittedId] = useState<string | null>(null);
  /** Whether the fields hold what a reload brought back from this browser's storage. */
  const [restored, setRestored] = useState(false);

  const onAir = state ? appealOnAir(state) : null;
  const onAirId = onAir?.id ?? null;
  const history = useAppealHistory(socket, episodeId ?? '', onAir, online);
  const units = useMemo(() => Object.fromEntries((catalogue?.units ?? []).map((u) => [u.id, u])) as Record<string, Unit>, [catalogue]);

  // The fields belong to one on-air call. When another call (or none) is on air they start afresh
  // (or with what this browser kept for that call before a reload), here during render so the old
  // text is never shown under the new call; the leader is told what became of the call that left,
  // with anything typed but not sent.
  if (state && draft.appealId !== onAirId) {
    const left = draft.appealId ? state.appeals[draft.appealId] : undefined;
    if (left && left.status !== 'on_air') {
      setNotice({ appealId: left.id, no: left.no, status: left.status, mine: submittedId === left.id, points: draft.points, commitment: draft.commitment });
    } else {
      setNotice((n) => (n && !n.mine && hasText(n) ? n : null));
    }
    const kept = onAirId ? loadDraft(state.episode.id, onAirId) : null;
    setDraft(kept && onAirId ? { appealId: onAirId, ...kept } : emptyDraft(onAirId));
    setRestored(Boolean(kept));
    if (closing.error) closing.clearError();
  }

  // What is typed is kept per episode and call until the call is closed, here or by the operator.
  useEffect(() => sweepDrafts(), []);
  const shownEpisodeId = state?.episode.id ?? null;
  useEffect(() => {
    if (shownEpisodeId && draft.appealId) saveDraft(shownEpisodeId, draft.appealId, draft, t.defaultReason);
  }, [shownEpisodeId, draft]);
  useEffect(() => {
    if (episodeId && notice) clearDraft(episodeId, notice.appealId);
  }, [episodeId, notice]);

  if (!catalogue) return <p className="lp-loading">{t.loading}</p>;
  if (!episodeId) {
    return (
      <div className="leader-panel" data-testid="leader-panel">
        <p className="lp-calm lp-no-episode">{t.noEpisode}</p>
      </div>
    );
  }
  if (!state) return <p className={syncError ? 'lp-loading lp-error' : 'lp-loading'}>{syncError ?? t.resyncing}</p>;

  const queue = queuedAppeals(state);
  const messages = Object.values(state.messages).sort((a, b) => b.sentAt.localeCompare(a.sentAt));

  const failed = (appealId: string) => {
    setSubmittedId(null);
    setNotice((n) => (n && n.appealId === appealId ? { ...n, mine: false } : n));
  };

  /** Both outcomes close the call on air at the version on screen; a refusal keeps what the leader typed. */
  const closeCall = async (send: (ref: { episodeId: string; appealId: string; expectedVersion: number }) => Promise<unknown>) => {
    if (!onAir) return;
    setSubmittedId(onAir.id);
    const done = await send({ episodeId, appealId: onAir.id, expectedVersion: onAir.version });
    if (done) clearDraft(episodeId, onAir.id);
    else failed(onAir.id);
  };
  const answer = () => closeCall((ref) => closing.run('appeal:answerOnAir', { ...ref, points: draft.points, commitment: draft.commitment }));
  const handOver = () => closeCall((ref) => closing.run('appeal:handOver', { ...ref, reason: draft.reason, points: draft.points, commitment: draft.commitment }));

  return (
    <div className={`leader-panel ${online ? '' : 'lp-stale'}`} data-testid="leader-panel">
      {!online && (
        <div className="lp-banner" role="alert" data-testid="leader-offline">
          {t.offline}
        </div>
      )}
      <EpisodeHeader state={state} units={units} />
      <div className="lp-grid">
        <div className="lp-area-main">
          <OnAirCard appeal={onAir} status={state.episode.status} next={queue[0] ?? null} />
          <AnswerForm
            draft={onAir ? draft : null}
            restored={restored}
            onChange={(patch) => setDraft((d) => ({ ...d, ...patch }))}
            onAnswer={() => void answer()}
            onHandOver={() => void handOver()}
            busy={closing.busy}
            online={online}
            error={closing.error?.message ?? null}
            notice={notice}
            onDismissNotice={() => setNotice(null)}
          />
        </div>
        <div className="lp-area-history">
          <AppealHistory appeal={onAir} history={history} />
        </div>
        <div className="lp-area-side">
          <MessageList
            messages={messages}
            appeals={state.appeals}
            disabled={reading.busy || !online}
            error={reading.error?.message ?? null}
            onMarkRead={(messageId) => void reading.run('message:markRead', { episodeId, messageId })}
          />
          <QueueList queue={queue} />
        </div>
      </div>
    </div>
  );
}
