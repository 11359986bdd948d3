import { useEffect, useRef, useState } from 'react';
import { appealOnAir, countAppeals, queuedAppeals } from '../../../../shared/domain/episodeState';
import { pickStudioEpisode, useCatalogue } from '../../api/useCatalogue';
import { useCommand } from '../../api/useCommand';
import { useEpisode } from '../../api/useEpisode';
import { useNow } from '../../api/useNow';
import type { ScreenProps } from '../../screenProps';
import type { Appeal } from '../../../../shared/domain/types';
import { AppealEditor } from './AppealEditor';
import { IntakeCard, type IntakeHandle } from './IntakeCard';
import { FeedbackPanel } from './FeedbackPanel';
import { MessagesPanel } from './MessagesPanel';
import { OnAirPanel } from './OnAirPanel';
import { QueuePanel } from './QueuePanel';
import { ReceivedList } from './ReceivedList';
import { SlotClock } from './SlotClock';
import { WallPreview, WallToggle } from './WallControl';
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
  const returnFocus = useRef<HTMLElement | null>(null);

  const [editing, setEditing] = useState<string | null>(null);
  const [edited, setEdited] = useState<string | null>(null);
  /** The queued call selected in the queue: the wall preview shows it. */
  const [previewId, setPreviewId] = useState<string | null>(null);

  // The console's keys, all said on screen (t.keys.list): every live action is reachable without a mouse.
  useEffect(() => {
    const focus = (selector: string) => document.querySelector<HTMLElement>(`.operator ${selector}`)?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      if (document.querySelector('.operator .editor')) return;
      const key = event.key.toLowerCase();
      if (key === 'n') intake.current?.newCard();
      else if (key === 'r') intake.current?.recall();
      else if (key === 'w') focus('[data-testid="received-list"]');
      else if (key === 'q') focus('[data-testid="queue-list"]');
      else if (key === 'a') focus('.on-air textarea[name="points"]');
      else if (key === 'm') focus('.messages input[name="message"]');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (catalogue && !episodeId) return <p className="page-note">{t.noEpisode}</p>;
  if (!state || !episodeId) return <p className="page-note">{syncError ?? t.loading}</p>;

  const { episode } = state;
  const edit = (appeal: Appeal) => {
    returnFocus.current = document.activeElement as HTMLElement | null;
    setEdited(null);
    setEditing(appeal.id);
  };
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
        <WallToggle socket={socket} state={state} />
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
      <div className="status-line">
        <SlotClock episode={episode} now={now} />
        <p className="hint shortcuts" data-testid="operator-keys">
          <b>{t.keys.heading}</b> {t.keys.list}
        </p>
      </div>
      {command.error && <p role="alert" className="error banner-error" data-testid="operator-error">{command.error.message}</p>}
      {edited && !command.error && <p role="status" className="ok banner-ok">{edited}</p>}
      {episode.status === 'ended' ? (
        <p className="page-note">{t.status.ended}</p>
      ) : (
        <div className="columns">
          <div className="column">
            <IntakeCard ref={intake} socket={socket} episodeId={episodeId} units={catalogue?.units ?? []} />
          </div>
          <div className="column middle">
            <ReceivedList appeals={received} episodeId={episodeId} now={now} command={command} onEdit={edit} />
            <WallPreview state={state} appealId={previewId} units={catalogue?.units ?? []} now={now} />
            <MessagesPanel messages={messages} episodeId={episodeId} command={command} />
          </div>
          <div className="column live">
            {episode.feedback && <FeedbackPanel socket={socket} episode={episode} units={catalogue?.units ?? []} command={command} />}
            <OnAirPanel appeal={onAir} episodeId={episodeId} now={now} command={command} />
            <QueuePanel queue={queuedAppeals(state)} episodeId={episodeId} canPutOnAir={episode.status === 'live' && !onAir} command={command} onEdit={edit} onSelect={setPreviewId} />
          </div>
        </div>
      )}
      {editing && (
        <AppealEditor
          key={editing}
          socket={socket}
          appeal={state.appeals[editing] ?? null}
          episodeId={episodeId}
          units={catalogue?.units ?? []}
          onClose={(saved) => {
            const back = returnFocus.current;
            setEditing(null);
            setEdited(saved);
            requestAnimationFrame(() => back?.focus());
          }}
        />
      )}
    </div>
  );
}
