import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Ack, PublicEpisode } from '../../../../shared/protocol/events';
import { publicStrings as t } from './strings';
import './public.css';

type LoadState = { status: 'loading' } | { status: 'ready'; data: PublicEpisode } | { status: 'notFound' } | { status: 'failed' };

/** The public data of an episode: no cookie sent, nothing but what was published. */
async function fetchEpisode(episodeId: string): Promise<LoadState> {
  try {
    const response = await fetch(`/api/public/episodes/${encodeURIComponent(episodeId)}`, { credentials: 'omit', headers: { accept: 'application/json' } });
    if (response.status === 404) return { status: 'notFound' };
    const body = (await response.json()) as Ack<PublicEpisode>;
    if (body.ok) return { status: 'ready', data: body.data };
    return body.error.code === 'EPISODE_NOT_FOUND' ? { status: 'notFound' } : { status: 'failed' };
  } catch {
    return { status: 'failed' };
  }
}

function Masthead() {
  return (
    <header className="pub-masthead">
      <div className="pub-inner">
        <strong>{t.brand}</strong>
        <span>{t.brandSub}</span>
      </div>
    </header>
  );
}

/** The public read-only page of an episode: published hotspots and policy Q&A. No login. */
export default function PublicEpisodePage({ episodeId }: { episodeId: string }) {
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const load = useCallback(() => {
    setState({ status: 'loading' });
    void fetchEpisode(episodeId).then(setState);
  }, [episodeId]);
  useEffect(load, [load]);

  useEffect(() => {
    if (state.status !== 'ready') return;
    const { episode } = state.data;
    document.title = t.documentTitle(t.episodeLabel(episode.year, episode.number), episode.theme);
  }, [state]);

  return (
    <div className="pub">
      <Masthead />
      <main className="pub-inner pub-main">
        {state.status === 'loading' ? <p className="pub-message">{t.loading}</p> : null}
        {state.status === 'notFound' ? (
          <section className="pub-missing" role="alert" data-testid="public-not-found">
            <h1>{t.notFoundTitle}</h1>
            <p>{t.notFound}</p>
          </section>
        ) : null}
        {state.status === 'failed' ? (
          <section className="pub-missing" role="alert">
            <h1>{t.failedTitle}</h1>
            <p>{t.failed}</p>
            <button type="button" onClick={load}>
              {t.retry}
            </button>
          </section>
        ) : null}
        {state.status === 'ready' ? <EpisodeView data={state.data} /> : null}
      </main>
      <footer className="pub-footer">
        <div className="pub-inner">{t.footer}</div>
      </footer>
    </div>
  );
}

function EpisodeView({ data }: { data: PublicEpisode }) {
  const { episode, counts, hotspots, policyQa } = data;
  return (
    <article className="pub-episode" data-testid="public-episode">
      <header className="pub-head">
        <p className="pub-kicker">
          <span className="pub-number" data-testid="public-episode-label">
            {t.episodeLabel(episode.year, episode.number)}
          </span>
          <time dateTime={episode.date}>{t.date(episode.date)}</time>
        </p>
        <h1>{episode.theme}</h1>
        <dl className="pub-facts">
          <div>
            <dt>{t.units}</dt>
            <dd data-testid="public-units">{episode.unitNames.filter(Boolean).join(t.listSeparator) || t.none}</dd>
          </div>
          <div>
            <dt>{t.leaders}</dt>
            <dd data-testid="public-leaders">{episode.leaders.map((l) => t.leader(l.name, l.title)).join(t.listSeparator) || t.none}</dd>
          </div>
        </dl>
      </header>

      <section className="pub-counts" aria-label={t.countsLabel}>
        {(['received', 'answeredOnAir', 'supervised'] as const).map((key) => (
          <div key={key} className={`pub-count pub-count-${key}`} data-testid={`public-count-${key}`}>
            <span>{t.counts[key]}</span>
            <b>
              {counts[key]}
              <small>{t.countUnit}</small>
            </b>
          </div>
        ))}
        <p>{t.countsNote}</p>
      </section>

      <PubSection id="pub-hotspots" title={t.hotspots} none={t.noHotspots} empty={hotspots.length === 0}>
        <ol className="pub-hotspots">
          {hotspots.map((item) => (
            <li key={item.id} data-testid="public-hotspot">
              <h3>{item.title}</h3>
              <p>{item.body}</p>
              {item.publishedAt ? <small>{t.publishedAt(item.publishedAt)}</small> : null}
            </li>
          ))}
        </ol>
      </PubSection>

      <PubSection id="pub-qa" title={t.policyQa} none={t.noPolicyQa} empty={policyQa.length === 0}>
        <div className="pub-qa">
          {policyQa.map((item) => (
            <dl key={item.id} data-testid="public-qa">
              <div className="pub-q">
                <dt>{t.question}</dt>
                <dd>{item.title}</dd>
              </div>
              <div className="pub-a">
                <dt>{t.answer}</dt>
                <dd>{item.body}</dd>
              </div>
            </dl>
          ))}
        </div>
      </PubSection>
    </article>
  );
}

/** One published part of the episode (民生热点, 政策问答): its heading, and a line saying so when nothing was published. */
function PubSection({ id, title, none, empty, children }: { id: string; title: string; none: string; empty: boolean; children: ReactNode }) {
  return (
    <section className="pub-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {empty ? <p className="pub-empty">{none}</p> : children}
    </section>
  );
}
