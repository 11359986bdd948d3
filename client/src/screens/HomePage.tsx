import { useEffect, useState } from 'react';
import { appealOnAir, countAppeals } from '../../../shared/domain/episodeState';
import { callerLabel } from '../../../shared/domain/masking';
import type { CatalogueView } from '../../../shared/protocol/events';
import { sendCommand } from '../api/socket';
import { useEpisode } from '../api/useEpisode';
import type { ScreenProps } from '../screenProps';
import { shellStrings as t } from '../strings/shell';

/**
 * The bare page of this stage: proves the login and the live connection by following one episode
 * through the shared reducer. The role screens replace it.
 */
export default function HomePage({ socket }: ScreenProps) {
  const [catalogue, setCatalogue] = useState<CatalogueView | null>(null);
  const [episodeId, setEpisodeId] = useState<string | null>(null);
  const { state, error } = useEpisode(socket, episodeId);

  useEffect(() => {
    if (!socket) return;
    const load = async () => {
      const response = await sendCommand(socket, 'catalogue:get', {});
      if (!response.ok) return;
      setCatalogue(response.data);
      setEpisodeId((current) => current ?? response.data.episodes.find((e) => e.status === 'live')?.id ?? response.data.episodes[0]?.id ?? null);
    };
    socket.on('connect', load);
    socket.on('catalogue:changed', load);
    if (socket.connected) void load();
    return () => {
      socket.off('connect', load);
      socket.off('catalogue:changed', load);
    };
  }, [socket]);

  if (!catalogue) return <p className="page-note">{t.loading}</p>;
  if (catalogue.episodes.length === 0) return <p className="page-note">{t.noEpisodes}</p>;
  const counters = state ? countAppeals(state) : null;
  const onAir = state ? appealOnAir(state) : null;

  return (
    <section className="home">
      <label>
        {t.episodes}
        <select value={episodeId ?? ''} onChange={(e) => setEpisodeId(e.target.value)}>
          {catalogue.episodes.map((e) => (
            <option key={e.id} value={e.id}>
              {t.episodeLabel(e.year, e.number)} · {e.date} · {e.theme} · {t.status[e.status]}
            </option>
          ))}
        </select>
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      {state && counters && (
        <>
          <h2 data-testid="episode-title">
            {t.episodeLabel(state.episode.year, state.episode.number)} {state.episode.theme} <span className={`badge ${state.episode.status}`}>{t.status[state.episode.status]}</span>
          </h2>
          <dl className="home-counters" data-testid="counters">
            {(['received', 'answeredOnAir', 'supervised', 'invalid'] as const).map((key) => (
              <div key={key}>
                <dt>{t.counters[key]}</dt>
                <dd>{counters[key]}</dd>
              </div>
            ))}
          </dl>
          <p data-testid="on-air">
            {onAir ? t.onAirLine(onAir.no, callerLabel(onAir.caller), onAir.caller.phone, onAir.area, onAir.summary) : t.nothingOnAir}
          </p>
        </>
      )}
    </section>
  );
}
