import { useState, type FormEvent } from 'react';
import type { CommandError } from '../../../../shared/domain/errors';
import type { Episode, Person, Unit } from '../../../../shared/domain/types';
import { EpisodePlan, LIMITS } from '../../../../shared/protocol/commands';
import { dateWithWeekday, Field, FormMessage, unitNamer } from './parts';
import { adminStrings as t } from './strings';

const THEME_MAX = EpisodePlan.shape.theme.maxLength ?? undefined;
const s = t.episodes;

/** What the planning form edits. Year and number are text so "empty" means "number it for me". */
export interface EpisodeDraft {
  date: string;
  start: string;
  end: string;
  theme: string;
  host: string;
  unitIds: string[];
  leaderIds: string[];
  year: string;
  number: string;
  /** 回访节目: reports back on items supervised after earlier episodes. */
  feedback: boolean;
}

export const emptyDraft = (): EpisodeDraft => ({ date: '', start: '09:00', end: '10:00', theme: '', host: '', unitIds: [], leaderIds: [], year: '', number: '', feedback: false });

export function draftOf(episode: Episode): EpisodeDraft {
  return {
    date: episode.date,
    start: episode.slot.start,
    end: episode.slot.end,
    theme: episode.theme,
    host: episode.host,
    unitIds: [...episode.unitIds],
    leaderIds: episode.leaders.map((l) => l.personId),
    year: String(episode.year),
    number: String(episode.number),
    feedback: episode.feedback,
  };
}

interface Props {
  mode: 'plan' | 'edit';
  initial: EpisodeDraft;
  units: Unit[];
  people: Person[];
  busy: boolean;
  disabled: boolean;
  error: CommandError | null;
  success: string | null;
  invalid: (field: string) => boolean;
  submitLabel: string;
  onSubmit: (draft: EpisodeDraft) => Promise<boolean>;
  onCancel?: () => void;
  /** Prefix of element ids, so a plan form and an edit form never share one. */
  idPrefix: string;
  /** Id of the heading that names this form. */
  labelledBy: string;
}

/**
 * The plan of an episode before it goes on air: date and slot, theme, host, units, and the leaders
 * of those units in the order they will be introduced. Used to plan a new episode and to change a
 * planned one, where a leader on leave is replaced by a substitute in place.
 */
export function EpisodeForm(props: Props) {
  const { mode, units, people, busy, disabled, error, success, invalid, submitLabel, idPrefix } = props;
  const [draft, setDraft] = useState<EpisodeDraft>(props.initial);
  const [substitutions, setSubstitutions] = useState<Array<{ from: string; to: string }>>([]);
  const set = (patch: Partial<EpisodeDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const id = (name: string) => `${idPrefix}-${name}`;

  const toggleUnit = (unitId: string, on: boolean) => {
    const unitIds = on ? [...draft.unitIds, unitId] : draft.unitIds.filter((u) => u !== unitId);
    // A leader goes with their unit: taking the unit off the plan takes its leaders off too.
    const leaderIds = draft.leaderIds.filter((pid) => {
      const person = people.find((p) => p.id === pid);
      return !person || unitIds.includes(person.unitId);
    });
    set({ unitIds, leaderIds });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await props.onSubmit(draft)) {
      if (mode === 'plan') setDraft(emptyDraft());
      setSubstitutions([]);
    }
  };

  return (
    <form className="admin-form admin-episode-form" onSubmit={submit} noValidate aria-labelledby={props.labelledBy}>
      <div className="admin-grid-3">
        <Field id={id('date')} label={s.date} required hint={draft.date ? dateWithWeekday(draft.date) : undefined}>
          <input type="date" id={id('date')} value={draft.date} aria-invalid={invalid('date')} aria-describedby={id('date-hint')} onChange={(e) => set({ date: e.target.value })} />
        </Field>
        {/* Plain 24-hour text: a time input shows "09:00 AM" in some browser locales, wrong for a broadcast schedule. */}
        <Field id={id('start')} label={s.slotStart} hint={s.clockHint}>
          <input id={id('start')} value={draft.start} placeholder="09:00" maxLength={5} className="admin-clock" aria-invalid={invalid('slot.start')} aria-describedby={id('start-hint')} onChange={(e) => set({ start: e.target.value })} />
        </Field>
        <Field id={id('end')} label={s.slotEnd} hint={s.clockHint}>
          <input id={id('end')} value={draft.end} placeholder="10:00" maxLength={5} className="admin-clock" aria-invalid={invalid('slot.end') || invalid('slot')} aria-describedby={id('end-hint')} onChange={(e) => set({ end: e.target.value })} />
        </Field>
      </div>
      <div className="admin-grid-2">
        <Field id={id('theme')} label={s.theme} required>
          <input id={id('theme')} value={draft.theme} placeholder={s.themePlaceholder} maxLength={THEME_MAX} aria-invalid={invalid('theme')} onChange={(e) => set({ theme: e.target.value })} />
        </Field>
        <Field id={id('host')} label={s.host}>
          <input id={id('host')} value={draft.host} maxLength={LIMITS.shortText} aria-invalid={invalid('host')} onChange={(e) => set({ host: e.target.value })} />
        </Field>
      </div>
      <label className="admin-check">
        <input type="checkbox" id={id('feedback')} checked={draft.feedback} disabled={disabled} onChange={(e) => set({ feedback: e.target.checked })} />
        {s.feedback}
        <small>{s.feedbackHint}</small>
      </label>

      {mode === 'plan' && (
        <fieldset className="admin-fieldset admin-numbering" aria-describedby={id('numbering-hint')}>
          <legend>
            {s.numbering}
            <em>{t.optional}</em>
          </legend>
          <Field id={id('year')} label={s.year} inline>
            <input type="number" id={id('year')} inputMode="numeric" min={2000} max={2100} value={draft.year} aria-invalid={invalid('year')} onChange={(e) => set({ year: e.target.value })} />
          </Field>
          <Field id={id('number')} label={s.number} inline>
            <input type="number" id={id('number')} inputMode="numeric" min={1} max={9999} value={draft.number} aria-invalid={invalid('number')} onChange={(e) => set({ number: e.target.value })} />
          </Field>
          <small id={id('numbering-hint')}>{s.numberingHint}</small>
        </fieldset>
      )}

      <fieldset className="admin-fieldset" aria-invalid={invalid('unitIds')} aria-describedby={id('units-hint')}>
        <legend>
          {s.units}
          <em>{t.required}</em>
        </legend>
        <small id={id('units-hint')}>{s.unitsHint}</small>
        <div className="admin-checks" data-testid={id('units')}>
          {units.map((unit) => (
            <label key={unit.id} className="admin-check admin-chip">
              <input type="checkbox" checked={draft.unitIds.includes(unit.id)} onChange={(e) => toggleUnit(unit.id, e.target.checked)} />
              <span>{unit.name}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <LeaderPicker
        idPrefix={idPrefix}
        units={units}
        people={people}
        unitIds={draft.unitIds}
        leaderIds={draft.leaderIds}
        invalid={invalid('leaderIds')}
        substitutions={substitutions}
        onChange={(leaderIds) => set({ leaderIds })}
        onSubstitute={(from, to) => setSubstitutions((list) => [...list, { from, to }])}
      />

      <FormMessage error={error} success={success} id={id('message')} />
      <div className="admin-buttons">
        <button type="submit" disabled={busy || disabled}>
          {busy ? t.saving : submitLabel}
        </button>
        {props.onCancel && (
          <button type="button" className="secondary" onClick={props.onCancel} disabled={busy}>
            {t.cancel}
          </button>
        )}
      </div>
    </form>
  );
}

interface PickerProps {
  idPrefix: string;
  units: Unit[];
  people: Person[];
  unitIds: string[];
  leaderIds: string[];
  invalid: boolean;
  substitutions: Array<{ from: string; to: string }>;
  onChange: (leaderIds: string[]) => void;
  onSubstitute: (fromName: string, toName: string) => void;
}

/** Leaders on air: the chosen ones in order (each can be replaced by a substitute or removed), then who else of the chosen units could go. */
function LeaderPicker({ idPrefix, units, people, unitIds, leaderIds, invalid, substitutions, onChange, onSubstitute }: PickerProps) {
  const [replacement, setReplacement] = useState<Record<string, string>>({});
  const unitName = unitNamer(units);
  const byId = new Map(people.map((p) => [p.id, p]));
  const candidates = people
    .filter((p) => unitIds.includes(p.unitId) && !leaderIds.includes(p.id))
    .sort((a, b) => unitIds.indexOf(a.unitId) - unitIds.indexOf(b.unitId) || Number(b.principal) - Number(a.principal) || a.name.localeCompare(b.name, 'zh-CN'));

  const replace = (index: number) => {
    const from = leaderIds[index];
    const to = replacement[from];
    if (!to) return;
    const next = [...leaderIds];
    next[index] = to;
    onChange(next);
    onSubstitute(byId.get(from)?.name ?? from, byId.get(to)?.name ?? to);
    setReplacement(({ [from]: _gone, ...rest }) => rest);
  };

  const describe = (p: Person) => (
    <>
      <strong>{p.name}</strong>
      <span className="admin-dim">
        {p.title}
        {p.title ? t.dot : ''}
        {unitName(p.unitId)}
      </span>
      {p.principal && <span className="admin-principal">{t.principal}</span>}
    </>
  );

  return (
    <fieldset className="admin-fieldset" aria-invalid={invalid} aria-describedby={`${idPrefix}-leaders-hint`}>
      <legend>{t.episodes.leaders}</legend>
      <small id={`${idPrefix}-leaders-hint`}>{t.episodes.leadersHint}</small>
      {leaderIds.length === 0 ? (
        <p className="admin-empty-inline">{t.episodes.noLeaders}</p>
      ) : (
        <ol className="admin-leaders" data-testid={`${idPrefix}-leaders`}>
          {leaderIds.map((pid, index) => {
            const person = byId.get(pid);
            if (!person) return null;
            return (
              <li key={pid}>
                <span className="admin-leader-name">{describe(person)}</span>
                {candidates.length > 0 && (
                  <span className="admin-replace">
                    <select
                      aria-label={t.episodes.replaceWith(person.name)}
                      value={replacement[pid] ?? ''}
                      onChange={(e) => setReplacement((r) => ({ ...r, [pid]: e.target.value }))}
                    >
                      <option value="">{t.episodes.chooseSubstitute}</option>
                      {candidates.map((c) => (
                        <option key={c.id} value={c.id}>
                          {c.name}
                          {c.title ? t.inParens(c.title) : ''}
                        </option>
                      ))}
                    </select>
                    <button type="button" className="secondary" disabled={!replacement[pid]} onClick={() => replace(index)}>
                      {t.episodes.replace}
                    </button>
                  </span>
                )}
                <button type="button" className="admin-link-button" aria-label={t.episodes.removeLeader(person.name)} onClick={() => onChange(leaderIds.filter((x) => x !== pid))}>
                  {t.episodes.remove}
                </button>
              </li>
            );
          })}
        </ol>
      )}
      {substitutions.length > 0 && (
        <ul className="admin-substitutions" data-testid={`${idPrefix}-substitutions`}>
          {substitutions.map((sub, i) => (
            <li key={i}>{t.episodes.substituted(sub.from, sub.to)}</li>
          ))}
        </ul>
      )}
      <div className="admin-candidates">
        <span className="admin-candidates-title">{t.episodes.candidates}</span>
        {unitIds.length === 0 ? (
          <p className="admin-empty-inline">{t.episodes.chooseUnitsFirst}</p>
        ) : candidates.length === 0 ? (
          <p className="admin-empty-inline">{t.episodes.noCandidates}</p>
        ) : (
          <ul data-testid={`${idPrefix}-candidates`}>
            {candidates.map((c) => (
              <li key={c.id}>
                <span className="admin-leader-name">{describe(c)}</span>
                <button type="button" className="secondary" aria-label={`${t.episodes.addLeader} ${c.name}`} onClick={() => onChange([...leaderIds, c.id])}>
                  {t.episodes.addLeader}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </fieldset>
  );
}
