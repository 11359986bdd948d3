import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { PublicationKind } from '../../../../shared/domain/publications';
import { useCatalogue } from '../../api/useCatalogue';
import { useCommand } from '../../api/useCommand';
import { useEpisode } from '../../api/useEpisode';
import type { ScreenProps } from '../../screenProps';
import { isSource } from './sourceFilter';
import { SourcePicker } from './SourcePicker';
import { publishingStrings as t } from './strings';
import './publishing.css';

const latestFirst = (a: { date: string; number: number }, b: { date: string; number: number }) => b.date.localeCompare(a.date) || b.number - a.number;

/**
 * 民生热点 and 政策问答: staff draft them from an episode's answered or supervised appeals (linked,
 * never copied: the server refuses a caller's name or number in the text), an admin reviews and
 * publishes, and published items appear on the episode's public page and in the reports.
 */
export default function PublishingScreen({ socket, account }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const held = (catalogue?.episodes ?? []).filter((e) => e.status !== 'planned').sort(latestFirst);
  const [chosen, setChosen] = useState<string | null>(null);
  const episodeId = chosen ?? held[0]?.id ?? null;
  // A year of episodes is long: the episode list shows the chosen year's, latest first.
  const years = [...new Set(held.map((e) => e.year))].sort((a, b) => b - a);
  const [chosenYear, setChosenYear] = useState<number | null>(null);
  const year = chosenYear ?? held.find((e) => e.id === episodeId)?.year ?? years[0] ?? null;
  const inYear = held.filter((e) => e.year === year);
  const units = catalogue?.units;
  const unitName = useCallback((id: string) => units?.find((u) => u.id === id)?.name ?? id, [units]);
  const { state } = useEpisode(socket, episodeId);
  const draft = useCommand(socket);
  const review = useCommand(socket);
  const [kind, setKind] = useState<PublicationKind>('hotspot');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [linked, setLinked] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    setLinked([]);
    setSaved(false);
  }, [episodeId]);

  const sources = useMemo(() => (state ? state.appealOrder.map((id) => state.appeals[id]).filter(isSource) : []), [state]);
  if (catalogue && held.length === 0) return <p className="page-note">{t.noEpisodes}</p>;
  const publications = state ? Object.values(state.publications ?? {}).sort((a, b) => b.draftedAt.localeCompare(a.draftedAt)) : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!episodeId) return;
    const result = await draft.run('publication:draft', { episodeId, kind, title, body, appealIds: linked });
    if (result) {
      setTitle('');
      setBody('');
      setLinked([]);
      setSaved(true);
    }
  };

  return (
    <div className="publishing">
      <div className="publishing-bar">
        <h1>{t.title}</h1>
        {years.length > 1 && (
          <label className="publishing-year">
            {t.year}
            <select
              value={year ?? ''}
              onChange={(e) => {
                const next = Number(e.target.value);
                setChosenYear(next);
                setChosen(held.find((x) => x.year === next)?.id ?? null);
              }}
              data-testid="publishing-year"
            >
              {years.map((y) => (
                <option key={y} value={y}>{t.yearLabel(y)}</option>
              ))}
            </select>
          </label>
        )}
        <label>
          {t.episode}
          <select value={episodeId ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="publishing-episode">
            {inYear.map((e) => (
              <option key={e.id} value={e.id}>{t.episodeLabel(e.year, e.number, e.date, e.theme)}</option>
            ))}
          </select>
        </label>
        {episodeId && <a href={`/public/episodes/${episodeId}`} target="_blank" rel="noreferrer">{t.publicPage}</a>}
      </div>
      <div className="publishing-columns">
        <section className="panel" aria-label={t.sources}>
          <h2>{t.sources}</h2>
          <SourcePicker episodeId={episodeId} sources={sources} linked={linked} onLinked={setLinked} unitName={unitName} />
        </section>
        <section className="panel" aria-label={t.draftHeading}>
          <h2>{t.draftHeading}</h2>
          <form onSubmit={submit} className="draft-form">
            <div className="kinds" role="radiogroup" aria-label={t.kind}>
              {(['hotspot', 'qa'] as const).map((k) => (
                <label key={k} className={kind === k ? 'chosen' : ''}>
                  <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />
                  {t.kinds[k]}
                </label>
              ))}
            </div>
            <label>
              {t.titleLabel[kind]}
              <input value={title} onChange={(e) => setTitle(e.target.value)} />
            </label>
            <label>
              {t.bodyLabel[kind]}
              <textarea rows={5} value={body} onChange={(e) => setBody(e.target.value)} />
            </label>
            <p className="muted">{t.linkedNote(linked.length, t.linkHint)}</p>
            <button type="submit" disabled={draft.busy || !title.trim() || !body.trim() || linked.length === 0}>{t.saveDraft}</button>
            {draft.error ? <p role="alert" className="error">{draft.error.message}</p> : saved && <p className="ok" role="status">{t.saved}</p>}
          </form>
          <h2>{t.list}</h2>
          {account.role !== 'admin' && <p className="muted">{t.onlyAdmin}</p>}
          {review.error && <p role="alert" className="error">{review.error.message}</p>}
          <ul className="publications" data-testid="publications">
            {publications.length === 0 && <li className="muted">{t.none}</li>}
            {publications.map((p) => (
              <li key={p.id} className={p.status}>
                <div className="line">
                  <b>{t.kinds[p.kind]}</b>
                  <span className={`state ${p.status}`}>{t.states[p.status]}</span>
                  <span className="muted">{t.draftedBy(p.draftedBy)}</span>
                </div>
                <div className="p-title">{p.title}</div>
                <p>{p.body}</p>
                {account.role === 'admin' && p.status === 'draft' && (
                  <button type="button" disabled={review.busy} onClick={() => void review.run('publication:publish', { episodeId: p.episodeId, publicationId: p.id, expectedVersion: p.version })}>{t.publish}</button>
                )}
                {account.role === 'admin' && p.status === 'published' && (
                  <button type="button" className="secondary" disabled={review.busy} onClick={() => void review.run('publication:withdraw', { episodeId: p.episodeId, publicationId: p.id, expectedVersion: p.version })}>{t.withdraw}</button>
                )}
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
