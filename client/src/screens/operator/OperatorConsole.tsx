import { useEffect, useRef, useState } from 'react';
import { appealOnAir, countAppeals, queuedAppeals } from '../../../../shared/domain/episodeState';
import { pickStudioEpisode, useCatalogue } from '../../api/useCatalogue';
import { useCommand } from '../../api/useCommand';
import { useEpisode } from '../../api/useEpisode';
import { useNow } from '../../api/useNow';
import type { ScreenProps } from '../../screenProps';
import { IntakeCard, type IntakeHandle } from './IntakeCard';
import { FeedbackPanel } from './FeedbackPanel';
import { MessagesPanel } from './MessagesPanel';
import { OnAirPanel } from './OnAirPanel';
import { QueuePanel } from './QueuePanel';
import { ReceivedList } from './ReceivedList';
import { operatorStrings as t } from './strings';
import './operator.css';

/** The operator console (导播台): intake, screening, queue, on air, and the episode's start and end. */
export default function OperatorConsole({ socket }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const [chosen, setChosen] = useState<string | null>(null);
  const episodeId = chosen ?? pickStudioEpisode(catalogue);
  const { state, error: syncError } = useEpisode(socket, episodeId);
  const command = useCommand(socket);
  const now = useNow();
  const intake = useRef<IntakeHandle>(null);
  const [confirmingEnd, setConfirmingEnd] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        intake.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (catalogue && !episodeId) return <p className="page-note">{t.noEpisode}</p>;
  if (!state || !episodeId) return <p className="page-note">{syncError ?? t.loading}</p>;

  const { episode } = state;
  const counters = countAppeals(state);
  const received = state.appealOrder.map((id) => state.appeals[id]).filter((a) => a.status === 'received');
  const onAir = appealOnAir(state);
  const messages = Object.values(state.messages).sort((a, b) => b.sentAt.localeCompare(a.sentAt));
  const selectable = (catalogue?.episodes ?? []).filter((e) => e.status !== 'ended' || e.id === episodeId);

  return (
    <div className="operator">
      <div className="episode-bar">
        <select aria-label={t.episodePicker} value={episodeId} onChange={(e) => setChosen(e.target.value)}>
          {selectable.map((e) => (
            <option key={e.id} value={e.id}>
              {t.episode(e.year, e.number)} · {e.date} · {e.theme}
            </option>
          ))}
        </select>
        <span className={`badge ${episode.status}`} data-testid="episode-status">{t.status[episode.status]}</span>
        <dl className="mini-counters" data-testid="operator-counters">
          {(['received', 'waiting', 'queued', 'answeredOnAir', 'supervised', 'invalid'] as const).map((key) => (
            <div key={key}>
              <dt>{t.counters[key]}</dt>
              <dd data-testid={`count-${key}`}>{counters[key]}</dd>
            </div>
          ))}
        </dl>
        {episode.status === 'planned' && <button type="button" onClick={() => void command.run('episode:start', { episodeId })}>{t.start}</button>}
        {episode.status === 'live' &&
          (confirmingEnd ? (
            <span className="confirm">
              {t.confirmEnd}
              <button type="button" className="warn" onClick={() => void command.run('episode:end', { episodeId }).then(() => setConfirmingEnd(false))}>{t.confirm}</button>
              <button type="button" className="secondary" onClick={() => setConfirmingEnd(false)}>{t.cancel}</button>
            </span>
          ) : (
            <button type="button" className="warn" onClick={() => setConfirmingEnd(true)}>{t.end}</button>
          ))}
      </div>
      {command.error && <p role="alert" className="error banner-error" data-testid="operator-error">{command.error.message}</p>}
      {episode.status === 'ended' ? (
        <p className="page-note">{t.status.ended}</p>
      ) : (
        <div className="columns">
          <div className="column">
            <IntakeCard ref={intake} socket={socket} episodeId={episodeId} units={catalogue?.units ?? []} command={command} />
          </div>
          <div className="column">
            <ReceivedList appeals={received} episodeId={episodeId} now={now} command={command} />
          </div>
          <div className="column">
            {episode.feedback && <FeedbackPanel socket={socket} episode={episode} units={catalogue?.units ?? []} command={command} />}
            <OnAirPanel appeal={onAir} episodeId={episodeId} now={now} command={command} />
            <QueuePanel queue={queuedAppeals(state)} episodeId={episodeId} canPutOnAir={episode.status === 'live' && !onAir} command={command} />
            <MessagesPanel messages={messages} episodeId={episodeId} command={command} />
          </div>
        </div>
      )}
    </div>
  );
}
