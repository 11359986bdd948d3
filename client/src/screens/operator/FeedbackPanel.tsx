import { useEffect, useState } from 'react';
import { RATING_NAMES } from '../../../../shared/domain/satisfaction';
import type { Episode, Unit } from '../../../../shared/domain/types';
import type { SupervisionItemView } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';
import type { useCommand } from '../../api/useCommand';
import { operatorStrings as t } from './strings';

/**
 * In a feedback episode (回访节目): pick an earlier episode's supervised item and put its outcome on
 * air as a follow-up report; the big screen shows it instead of a call.
 */
export function FeedbackPanel({ socket, episode, units, command }: { socket: StudioSocket | null; episode: Episode; units: Unit[]; command: ReturnType<typeof useCommand> }) {
  const [items, setItems] = useState<SupervisionItemView[]>([]);
  const unitName = (id: string) => units.find((u) => u.id === id)?.name ?? '';

  useEffect(() => {
    if (!socket) return;
    const load = async () => {
      const response = await sendCommand(socket, 'supervision:list', {});
      if (response.ok) setItems(response.data.items.filter((i) => i.episode.id !== episode.id && i.appeal.supervision?.replies.length));
    };
    void load();
    socket.on('connect', load);
    socket.on('supervision:changed', load);
    return () => {
      socket.off('connect', load);
      socket.off('supervision:changed', load);
    };
  }, [socket, episode.id]);

  const onAir = episode.feedbackOnAir;
  return (
    <section className="panel feedback" aria-label={t.feedback.heading} data-testid="feedback-panel">
      <h3>{t.feedback.heading}</h3>
      {onAir ? (
        <div className="feedback-on-air" data-testid="feedback-on-air">
          <div className="line">
            <b>{t.feedback.source(onAir.sourceEpisode.year, onAir.sourceEpisode.number, onAir.no)}</b> {onAir.callerName} · {unitName(onAir.unitId)}
          </div>
          <p className="summary">{onAir.summary}</p>
          <button type="button" className="warn" disabled={command.busy} onClick={() => void command.run('feedback:takeOffAir', { episodeId: episode.id })}>
            {t.feedback.takeOff}
          </button>
        </div>
      ) : (
        <p className="hint">{t.feedback.hint}</p>
      )}
      <ol className="cards">
        {items.length === 0 && <li className="empty">{t.feedback.empty}</li>}
        {items.map((item) => (
          <li key={item.appeal.id}>
            <div className="line">
              <b>{t.feedback.source(item.episode.year, item.episode.number, item.appeal.no)}</b>
              <span className="muted">{unitName(item.appeal.supervision!.unitId)}</span>
              <span className="wait">{item.rating ? RATING_NAMES[item.rating] : t.feedback.status[item.appeal.supervision!.status]}</span>
            </div>
            <div className="summary">{item.appeal.summary}</div>
            <div className="buttons">
              <button
                type="button"
                disabled={command.busy || episode.status !== 'live' || Boolean(episode.onAirAppealId) || onAir?.appealId === item.appeal.id}
                onClick={() => void command.run('feedback:putOnAir', { episodeId: episode.id, sourceEpisodeId: item.episode.id, appealId: item.appeal.id })}
              >
                {t.feedback.putOnAir}
              </button>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
