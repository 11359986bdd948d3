import { useState } from 'react';
import { EpisodeDetail } from './EpisodeDetail';
import { EpisodeForm, emptyDraft, type EpisodeDraft } from './EpisodeForm';
import { dateWithWeekday, type SectionProps, unitNamer } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

const s = t.episodes;

type View = { kind: 'none' } | { kind: 'plan' } | { kind: 'detail'; episodeId: string };

/** An optional whole number typed in a box: empty means "let the server decide". */
function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : Number(text);
}

/** 节目期次: the episodes by broadcast date on the left; planning a new one or one episode's detail on the right. */
export function EpisodesSection({ socket, catalogue, offline }: SectionProps) {
  const [view, setView] = useState<View>(() => {
    const live = catalogue.episodes.find((e) => e.status === 'live');
    return live ? { kind: 'detail', episodeId: live.id } : { kind: 'none' };
  });
  const [planned, setPlanned] = useState<string | null>(null);
  const plan = useAdminCommand(socket);
  const unitName = unitNamer(catalogue.units);
  const episodes = [...catalogue.episodes].sort((a, b) => b.date.localeCompare(a.date) || b.slot.start.localeCompare(a.slot.start) || b.number - a.number);

  const submitPlan = async (draft: EpisodeDraft) => {
    const result = await plan.run('episode:plan', {
      year: optionalNumber(draft.year),
      number: optionalNumber(draft.number),
      date: draft.date,
      slot: { start: draft.start, end: draft.end },
      theme: draft.theme,
      host: draft.host,
      unitIds: draft.unitIds,
      leaderIds: draft.leaderIds,
      feedback: draft.feedback,
    });
    if (!result) return false;
    setPlanned(s.planned(t.episodeLabel(result.episode.year, result.episode.number)));
    setView({ kind: 'detail', episodeId: result.episode.id });
    return true;
  };

  const openPlan = () => {
    plan.clearError();
    setPlanned(null);
    setView({ kind: 'plan' });
  };

  return (
    <div className="admin-split admin-split-episodes">
      <section className="admin-card admin-episode-list" aria-labelledby="episodes-heading">
        <div className="admin-card-head">
          <h2 id="episodes-heading">{s.listLabel}</h2>
          <span className="admin-count">{t.count(episodes.length)}</span>
        </div>
        <button type="button" className="admin-plan-button" onClick={openPlan} aria-pressed={view.kind === 'plan'}>
          {s.plan}
        </button>
        {episodes.length === 0 ? (
          <p className="admin-empty">{s.empty}</p>
        ) : (
          <ul className="admin-episodes" data-testid="episode-list">
            {episodes.map((e) => {
              const selected = view.kind === 'detail' && view.episodeId === e.id;
              return (
                <li key={e.id}>
                  <button
                    type="button"
                    className={`admin-episode ${e.status}`}
                    aria-current={selected ? 'true' : undefined}
                    onClick={() => {
                      setPlanned(null);
                      setView({ kind: 'detail', episodeId: e.id });
                    }}
                    data-testid={`episode-${e.year}-${e.number}`}
                  >
                    <span className="admin-episode-top">
                      <strong>{t.episodeLabel(e.year, e.number)}</strong>
                      <span className={`admin-status ${e.status}`}>{t.status[e.status]}</span>
                    </span>
                    <span className="admin-episode-when">
                      {dateWithWeekday(e.date)} {s.slotText(e.slot.start, e.slot.end)}
                    </span>
                    <span className="admin-episode-theme">{e.theme}</span>
                    <span className="admin-episode-who">
                      {e.unitIds.map(unitName).join(s.leadersSep)}
                      {e.leaderNames.length > 0 && t.dot + e.leaderNames.join(s.leadersSep)}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="admin-card admin-episode-pane">
        {view.kind === 'plan' ? (
          <>
            <h2 id="plan-heading">{s.planHeading}</h2>
            <EpisodeForm
              mode="plan"
              idPrefix="plan"
              labelledBy="plan-heading"
              initial={emptyDraft()}
              units={catalogue.units}
              people={catalogue.people}
              busy={plan.busy}
              disabled={offline}
              error={plan.error}
              success={null}
              invalid={plan.invalid}
              submitLabel={s.create}
              onSubmit={submitPlan}
              onCancel={() => setView({ kind: 'none' })}
            />
          </>
        ) : view.kind === 'detail' ? (
          <EpisodeDetail key={view.episodeId} socket={socket} catalogue={catalogue} offline={offline} episodeId={view.episodeId} notice={planned} />
        ) : (
          <p className="admin-empty">{s.chooseOne}</p>
        )}
      </section>
    </div>
  );
}
