import { useEffect, useRef, useState, type FormEvent } from 'react';
import { UNIT_KINDS, type Unit, type UnitKind } from '../../../../shared/domain/types';
import { LIMITS, UnitSave } from '../../../../shared/protocol/commands';
import { EditButton, Field, FormMessage, type SectionProps } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

interface Draft {
  name: string;
  kind: UnitKind;
  level: string;
}

/** The level's length limit, read from the shared schema. */
const LEVEL_MAX = UnitSave.shape.level.unwrap().maxLength ?? undefined;

const EMPTY: Draft = { name: '', kind: 'department', level: t.defaultLevel };

/** 上线单位: the list, and one form that adds a unit or edits the chosen one (optimistic version check). */
export function UnitsSection({ socket, catalogue, offline }: SectionProps) {
  const command = useAdminCommand(socket);
  const [editing, setEditing] = useState<Unit | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [kindFilter, setKindFilter] = useState<UnitKind | ''>('');
  const [saved, setSaved] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);

  const load = (unit: Unit | null) => {
    setEditing(unit);
    setDraft(unit ? { name: unit.name, kind: unit.kind, level: unit.level } : EMPTY);
    setSaved(null);
    command.clearError();
    firstField.current?.focus();
  };

  // Someone else saved this unit first: the server sends the fresh record; edit that one.
  const { error } = command;
  useEffect(() => {
    if (error?.code === 'CONFLICT' && error.fresh) {
      const fresh = error.fresh as Unit;
      setEditing(fresh);
      setDraft({ name: fresh.name, kind: fresh.kind, level: fresh.level });
    }
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('unit:save', UnitSave, {
      unitId: editing?.id ?? null,
      expectedVersion: editing?.version ?? null,
      ...draft,
    });
    if (!result) return;
    setSaved(t.units.saved(result.unit.name));
    setEditing(null);
    setDraft(EMPTY);
    firstField.current?.focus();
  };

  const rows = catalogue.units.filter((u) => !kindFilter || u.kind === kindFilter);

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="units-heading">
        <div className="admin-card-head">
          <h2 id="units-heading">{t.units.heading}</h2>
          <span className="admin-count">{t.count(rows.length)}</span>
          <Field id="units-filter" label={t.units.filterKind} inline>
            <select id="units-filter" value={kindFilter} onChange={(e) => setKindFilter(e.target.value as UnitKind | '')}>
              <option value="">{t.units.allKinds}</option>
              {UNIT_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t.unitKinds[k]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <table className="admin-table" data-testid="units-table">
          <thead>
            <tr>
              <th scope="col">{t.units.name}</th>
              <th scope="col">{t.units.kind}</th>
              <th scope="col">{t.units.level}</th>
              <th scope="col" className="admin-col-action">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((unit) => (
              <tr key={unit.id} className={editing?.id === unit.id ? 'selected' : undefined}>
                <th scope="row">{unit.name}</th>
                <td>
                  <span className={`admin-kind ${unit.kind}`}>{t.unitKinds[unit.kind]}</span>
                </td>
                <td>{unit.level || t.none}</td>
                <td className="admin-col-action">
                  <EditButton name={unit.name} pressed={editing?.id === unit.id} onClick={() => load(unit)} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={4} className="admin-empty">
                  {t.emptyList}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>

      <form className="admin-card admin-form" onSubmit={submit} aria-labelledby="unit-form-heading" noValidate>
        <h2 id="unit-form-heading">{editing ? t.units.editing(editing.name) : t.units.add}</h2>
        <Field id="unit-name" label={t.units.name} required>
          <input
            ref={firstField}
            id="unit-name"
            value={draft.name}
            maxLength={LIMITS.shortText}
            aria-invalid={command.invalid('name')}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field id="unit-kind" label={t.units.kind}>
          <select id="unit-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as UnitKind })}>
            {UNIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t.unitKinds[k]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="unit-level" label={t.units.level} hint={t.units.levelHint}>
          <input
            id="unit-level"
            list="unit-levels"
            value={draft.level}
            maxLength={LEVEL_MAX}
            aria-invalid={command.invalid('level')}
            aria-describedby="unit-level-hint"
            onChange={(e) => setDraft({ ...draft, level: e.target.value })}
          />
          <datalist id="unit-levels">
            {t.units.levelSuggestions.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </Field>
        <FormMessage error={command.error} success={saved} id="unit-form-message" />
        <div className="admin-buttons">
          <button type="submit" disabled={command.busy || offline}>
            {command.busy ? t.saving : editing ? t.save : t.units.saveNew}
          </button>
          {editing && (
            <button type="button" className="secondary" onClick={() => load(null)} disabled={command.busy}>
              {t.cancel}
            </button>
          )}
        </div>
      </form>
    </div>
  );
}
