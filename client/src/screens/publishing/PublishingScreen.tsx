import { useEffect, useState, type FormEvent } from 'react';
import type { PublicationKind } from '../../../../shared/domain/publications';
import { useCatalogue } from '../../api/useCatalogue';
import { useCommand } from '../../api/useCommand';
import { useEpisode } from '../../api/useEpisode';
import type { ScreenProps } from '../../screenProps';
import { publishingStrings as t } from './strings';
import './publishing.css';

/**
 * 民生热点 and 政策问答: staff draft them from an episode's answered or supervised appeals (linked,
 * never copied: the server refuses a caller's name or number in the text), an admin reviews and
 * publishes, and published items appear on the episode's public page and in the reports.
 */
export default function PublishingScreen({ socket, account }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const held = (catalogue?.episodes ?? []).filter((e) => e.status !== 'planned');
  const [chosen, setChosen] = useState<string | null>(null);
  const episodeId = chosen ?? held[0]?.id ?? null;
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

  if (catalogue && held.length === 0) return <p className="page-note">{t.noEpisodes}</p>;
  const sources = state ? state.appealOrder.map((id) => state.appeals[id]).filter((a) => a.status === 'answered_on_air' || a.status === 'supervised') : [];
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
        <label>
          {t.episode}
          <select value={episodeId ?? ''} onChange={(e) => setChosen(e.target.value)}>
            {held.map((e) => (
              <option key={e.id} value={e.id}>{t.episodeLabel(e.year, e.number, e.date, e.theme)}</option>
            ))}
          </select>
        </label>
        {episodeId && <a href={`/public/episodes/${episodeId}`} target="_blank" rel="noreferrer">{t.publicPage}</a>}
      </div>
      <div className="publishing-columns">
        <section className="panel" aria-label={t.sources}>
          <h2>{t.sources}</h2>
          <ul className="sources" data-testid="publication-sources">
            {sources.length === 0 && <li className="muted">{t.noSources}</li>}
            {sources.map((a) => (
              <li key={a.id}>
                <label>
                  <input type="checkbox" checked={linked.includes(a.id)} onChange={(e) => setLinked((l) => (e.target.checked ? [...l, a.id] : l.filter((x) => x !== a.id)))} />
                  <span className="no">{a.no}</span>
                  <span className="status">{t.status[a.status]}</span>
                  <span>{[a.area, a.category].filter(Boolean).join(' · ')}</span>
                </label>
                <p>{a.summary}</p>
                {a.answer?.points && <p className="muted">{t.answerPoints(a.answer.points)}</p>}
              </li>
            ))}
          </ul>
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
