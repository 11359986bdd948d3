import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { countAppeals } from '../../../../shared/domain/episodeState';
import type { Episode } from '../../../../shared/domain/types';
import { EpisodePlan, LIMITS } from '../../../../shared/protocol/commands';
import type { CatalogueView } from '../../../../shared/protocol/events';
import { useEpisode } from '../../api/useEpisode';
import { formatClock, formatLongDate } from '../../ui/format';
import { EpisodeForm, draftOf, type EpisodeDraft } from './EpisodeForm';
import { dateWithWeekday, Field, FormMessage, unitNamer, type SectionProps } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

const s = t.episodes;
const THEME_MAX = EpisodePlan.shape.theme.maxLength ?? undefined;

type Patch = { date?: string; slot?: { start: string; end: string }; theme?: string; host?: string; unitIds?: string[]; leaderIds?: string[]; feedback?: boolean };

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Only what changed goes to the server, so the audit trail says exactly what was edited. */
function patchOf(base: Episode, draft: EpisodeDraft): Patch {
  const patch: Patch = {};
  if (draft.date !== base.date) patch.date = draft.date;
  if (draft.start !== base.slot.start || draft.end !== base.slot.end) patch.slot = { start: draft.start, end: draft.end };
  if (draft.theme !== base.theme) patch.theme = draft.theme;
  if (draft.host !== base.host) patch.host = draft.host;
  if (!sameList(draft.unitIds, base.unitIds)) patch.unitIds = draft.unitIds;
  if (!sameList(draft.leaderIds, base.leaders.map((l) => l.personId))) patch.leaderIds = draft.leaderIds;
  if (draft.feedback !== base.feedback) patch.feedback = draft.feedback;
  return patch;
}

const formatMoment = (iso: string) => `${formatLongDate(new Date(iso))} ${formatClock(new Date(iso))}`;

/**
 * One episode, kept live through useEpisode: what is planned, the counters once on air, going on
 * air and ending, and the edit form (everything before air; only theme and host afterwards).
 */
export function EpisodeDetail({ socket, catalogue, offline, episodeId, notice }: SectionProps & { episodeId: string; notice: string | null }) {
  const { state, error: syncError } = useEpisode(socket, episodeId);
  const edit = useAdminCommand(socket);
  const transition = useAdminCommand(socket);
  const busy = edit.busy || transition.busy;
  // "已安排第N期" says what just happened; once the admin acts on the episode it is old news.
  const [showNotice, setShowNotice] = useState(true);
  useEffect(() => {
    if (busy) setShowNotice(false);
  }, [busy]);
  // Focus follows the work: to this episode's title when it was just planned, and after going live or ending.
  const heading = useRef<HTMLHeadingElement>(null);
  const loaded = state !== null;
  useEffect(() => {
    if (loaded && notice) heading.current?.focus();
  }, [loaded, notice]);
  const unitName = unitNamer(catalogue.units);

  if (!state) {
    return syncError ? (
      <p role="alert" className="admin-form-error">
        {syncError}
      </p>
    ) : (
      <p className="admin-empty">{s.loadingDetail}</p>
    );
  }
  const { episode } = state;
  const counters = countAppeals(state);
  const pending = counters.waiting + counters.queued + counters.onAir;
  const label = t.episodeLabel(episode.year, episode.number);
  const otherLive = catalogue.episodes.find((e) => e.status === 'live' && e.id !== episode.id);

  return (
    <article className="admin-episode-detail" aria-labelledby="episode-detail-heading" data-testid="episode-detail">
      <div className="admin-detail-head">
        <h2 id="episode-detail-heading" ref={heading} tabIndex={-1}>
          {label} <span className={`admin-status ${episode.status}`} data-testid="episode-status">{t.status[episode.status]}</span>
        </h2>
        <p className="admin-detail-theme">{episode.theme}</p>
      </div>
      {notice && showNotice && (
        <p role="status" className="admin-form-ok">
          {notice}
        </p>
      )}

      <dl className="admin-facts" data-testid="episode-facts">
        <div>
          <dt>{s.date}</dt>
          <dd>{dateWithWeekday(episode.date)}</dd>
        </div>
        <div>
          <dt>{s.slot}</dt>
          <dd>{s.slotText(episode.slot.start, episode.slot.end)}</dd>
        </div>
        <div>
          <dt>{s.host}</dt>
          <dd>{episode.host || t.none}</dd>
        </div>
        <div className="wide">
          <dt>{s.units}</dt>
          <dd>{episode.unitIds.map(unitName).join(s.leadersSep)}</dd>
        </div>
        <div className="wide">
          <dt>{s.leaders}</dt>
          <dd data-testid="episode-leaders">
            {episode.leaders.length === 0
              ? s.noLeaders
              : episode.leaders.map((l) => (
                  <span key={l.personId} className="admin-leader-chip">
                    {l.name}
                    {l.title && <span className="admin-dim">{t.inParens(l.title)}</span>}
                    {l.principal && <span className="admin-principal">{t.principal}</span>}
                  </span>
                ))}
          </dd>
        </div>
        {episode.startedAt && (
          <div className="wide">
            <dt>{s.startedAt}</dt>
            <dd>{formatMoment(episode.startedAt)}</dd>
          </div>
        )}
        {episode.endedAt && (
          <div className="wide">
            <dt>{s.endedAt}</dt>
            <dd>{formatMoment(episode.endedAt)}</dd>
          </div>
        )}
      </dl>

      {episode.status !== 'planned' && (
        <dl className="admin-counters" data-testid="episode-counters">
          <div>
            <dt>{s.counters.received}</dt>
            <dd>{counters.received}</dd>
          </div>
          <div>
            <dt>{s.counters.answeredOnAir}</dt>
            <dd>{counters.answeredOnAir}</dd>
          </div>
          <div>
            <dt>{s.counters.supervised}</dt>
            <dd>{counters.supervised}</dd>
          </div>
          <div className={pending > 0 ? 'attention' : undefined}>
            <dt>{s.counters.pending}</dt>
            <dd>{pending}</dd>
          </div>
        </dl>
      )}

      <BroadcastControls episode={episode} pending={pending} command={transition} busy={busy} offline={offline} onDone={() => heading.current?.focus()} otherLive={otherLive ? t.episodeLabel(otherLive.year, otherLive.number) : null} />

      <section className="admin-detail-edit" aria-labelledby="episode-edit-heading">
        <h3 id="episode-edit-heading">{s.editHeading}</h3>
        {episode.status === 'planned' ? (
          <PlannedEditor key={episode.id} episode={episode} catalogue={catalogue} command={edit} busy={busy} offline={offline} />
        ) : (
          <LockedEditor key={`${episode.id}:${episode.status}`} episode={episode} command={edit} busy={busy} offline={offline} />
        )}
      </section>
    </article>
  );
}

type AdminCommand = ReturnType<typeof useAdminCommand>;

/** Start (planned → live) and end (live → ended, after a confirm that says what happens to open appeals). */
function BroadcastControls(props: { episode: Episode; pending: number; command: AdminCommand; busy: boolean; offline: boolean; onDone: () => void; otherLive: string | null }) {
  const { episode, pending, command, busy, offline, onDone, otherLive } = props;
  const [confirming, setConfirming] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const endRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) cancelRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (episode.status !== 'live') setConfirming(false);
  }, [episode.status]);

  if (episode.status === 'ended') return null;

  const start = async () => {
    if (await command.run('episode:start', { episodeId: episode.id })) onDone();
  };
  const end = async () => {
    const result = await command.run('episode:end', { episodeId: episode.id });
    if (!result) return;
    setConfirming(false);
    onDone();
  };
  const cancel = () => {
    setConfirming(false);
    endRef.current?.focus();
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') cancel();
  };

  return (
    <div className="admin-broadcast" data-testid="broadcast-controls">
      {episode.status === 'planned' && otherLive && <p className="admin-note">{s.otherLive(otherLive)}</p>}
      {episode.status === 'planned' && (
        <button type="button" className="admin-go-live" onClick={() => void start()} disabled={busy || offline}>
          {command.busy ? s.starting : s.start}
        </button>
      )}
      {episode.status === 'live' && !confirming && (
        <button ref={endRef} type="button" className="admin-end" onClick={() => setConfirming(true)} disabled={busy || offline}>
          {s.end}
        </button>
      )}
      {episode.status === 'live' && confirming && (
        <div role="alertdialog" aria-labelledby="end-confirm-heading" aria-describedby="end-confirm-text" className="admin-confirm" onKeyDown={onKey} data-testid="end-confirm">
          <h3 id="end-confirm-heading">{s.endConfirmHeading}</h3>
          <p id="end-confirm-text">
            {s.endConfirmText(pending)}
            <strong> {s.endConfirmIrreversible}</strong>
          </p>
          <div className="admin-buttons">
            <button type="button" className="admin-end" onClick={() => void end()} disabled={busy || offline}>
              {command.busy ? s.ending : s.endConfirm}
            </button>
            <button ref={cancelRef} type="button" className="secondary" onClick={cancel} disabled={command.busy}>
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      <FormMessage error={command.error} id="broadcast-message" />
    </div>
  );
}

/** Before air: the whole plan may change, a leader on leave replaced by a substitute included. */
function PlannedEditor({ episode, catalogue, command, busy, offline }: { episode: Episode; catalogue: CatalogueView; command: AdminCommand; busy: boolean; offline: boolean }) {
  // The version the edit started from; a CONFLICT brings the fresh one and the form starts again from it.
  const [base, setBase] = useState(episode);
  const [saved, setSaved] = useState<string | null>(null);
  const { error } = command;
  useEffect(() => {
    if (error?.code === 'CONFLICT' && error.fresh) setBase(error.fresh as Episode);
  }, [error]);

  const submit = async (draft: EpisodeDraft) => {
    setSaved(null);
    const patch = patchOf(base, draft);
    if (Object.keys(patch).length === 0) {
      command.clearError();
      setSaved(s.noChanges);
      return false;
    }
    const result = await command.run('episode:update', { episodeId: base.id, expectedVersion: base.version, patch });
    if (!result) return false;
    setBase(result.episode);
    setSaved(s.updated);
    return true;
  };

  return (
    <EpisodeForm
      key={base.version}
      mode="edit"
      idPrefix="edit"
      labelledBy="episode-edit-heading"
      initial={draftOf(base)}
      units={catalogue.units}
      people={catalogue.people}
      busy={command.busy}
      disabled={busy || offline}
      error={command.error}
      success={saved}
      invalid={command.invalid}
      submitLabel={s.saveChanges}
      onSubmit={submit}
    />
  );
}

/** On air or after: only the theme and host wording may be corrected; the rest is history. */
function LockedEditor({ episode, command, busy, offline }: { episode: Episode; command: AdminCommand; busy: boolean; offline: boolean }) {
  const [base, setBase] = useState(episode);
  const [theme, setTheme] = useState(episode.theme);
  const [host, setHost] = useState(episode.host);
  const [saved, setSaved] = useState<string | null>(null);
  const { error } = command;
  useEffect(() => {
    if (error?.code === 'CONFLICT' && error.fresh) {
      const fresh = error.fresh as Episode;
      setBase(fresh);
      setTheme(fresh.theme);
      setHost(fresh.host);
    }
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(null);
    const patch: Patch = {};
    if (theme !== base.theme) patch.theme = theme;
    if (host !== base.host) patch.host = host;
    if (Object.keys(patch).length === 0) {
      command.clearError();
      setSaved(s.noChanges);
      return;
    }
    const result = await command.run('episode:update', { episodeId: base.id, expectedVersion: base.version, patch });
    if (!result) return;
    setBase(result.episode);
    setSaved(s.updated);
  };

  return (
    <form className="admin-form" onSubmit={submit} noValidate aria-labelledby="episode-edit-heading" data-testid="locked-edit">
      <p className="admin-note" data-testid="locked-note">
        {s.lockedNote(t.status[episode.status])}
      </p>
      <div className="admin-grid-2">
        <Field id="locked-theme" label={s.theme} required>
          <input id="locked-theme" value={theme} maxLength={THEME_MAX} aria-invalid={command.invalid('theme')} onChange={(e) => setTheme(e.target.value)} />
        </Field>
        <Field id="locked-host" label={s.host}>
          <input id="locked-host" value={host} maxLength={LIMITS.shortText} aria-invalid={command.invalid('host')} onChange={(e) => setHost(e.target.value)} />
        </Field>
      </div>
      <FormMessage error={command.error} success={saved} id="locked-message" />
      <div className="admin-buttons">
        <button type="submit" disabled={busy || offline}>
          {command.busy ? t.saving : s.saveChanges}
        </button>
      </div>
    </form>
  );
}
