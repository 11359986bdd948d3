import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { Person } from '../../../../shared/domain/types';
import { LIMITS, PersonSave } from '../../../../shared/protocol/commands';
import { EditButton, Field, FormMessage, type SectionProps, unitNamer } from './parts';
import { adminStrings as t } from './strings';
import { useAdminCommand } from './useAdminCommand';

interface Draft {
  name: string;
  title: string;
  unitId: string;
  principal: boolean;
}

const EMPTY: Draft = { name: '', title: '', unitId: '', principal: false };

/** 人员: the leaders who can go on air, with their unit and the 主要负责人 flag the annual report counts. */
export function PeopleSection({ socket, catalogue, offline }: SectionProps) {
  const command = useAdminCommand(socket);
  const [editing, setEditing] = useState<Person | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [unitFilter, setUnitFilter] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const unitName = unitNamer(catalogue.units);

  const load = (person: Person | null) => {
    setEditing(person);
    // A new person defaults to the unit being looked at.
    setDraft(person ? { name: person.name, title: person.title, unitId: person.unitId, principal: person.principal } : { ...EMPTY, unitId: unitFilter });
    setSaved(null);
    command.clearError();
    firstField.current?.focus();
  };

  const { error } = command;
  useEffect(() => {
    if (error?.code === 'CONFLICT' && error.fresh) {
      const fresh = error.fresh as Person;
      setEditing(fresh);
      setDraft({ name: fresh.name, title: fresh.title, unitId: fresh.unitId, principal: fresh.principal });
    }
  }, [error]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await command.run('person:save', PersonSave, {
      personId: editing?.id ?? null,
      expectedVersion: editing?.version ?? null,
      ...draft,
    });
    if (!result) return;
    setSaved(t.people.saved(result.person.name));
    setEditing(null);
    // Keep the unit: people are usually entered unit by unit.
    setDraft({ ...EMPTY, unitId: draft.unitId });
    firstField.current?.focus();
  };

  const rows = catalogue.people.filter((p) => !unitFilter || p.unitId === unitFilter);

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="people-heading">
        <div className="admin-card-head">
          <h2 id="people-heading">{t.people.heading}</h2>
          <span className="admin-count">{t.count(rows.length)}</span>
          <Field id="people-filter" label={t.people.filterUnit} inline>
            <select id="people-filter" value={unitFilter} onChange={(e) => setUnitFilter(e.target.value)}>
              <option value="">{t.people.allUnits}</option>
              {catalogue.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <table className="admin-table" data-testid="people-table">
          <thead>
            <tr>
              <th scope="col">{t.people.name}</th>
              <th scope="col">{t.people.title}</th>
              <th scope="col">{t.people.unit}</th>
              <th scope="col">{t.people.principal}</th>
              <th scope="col" className="admin-col-action">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((person) => (
              <tr key={person.id} className={editing?.id === person.id ? 'selected' : undefined}>
                <th scope="row">{person.name}</th>
                <td>{person.title || t.none}</td>
                <td>{unitName(person.unitId)}</td>
                <td>{person.principal ? <span className="admin-principal">{t.principal}</span> : <span className="admin-dim">{t.none}</span>}</td>
                <td className="admin-col-action">
                  <EditButton name={person.name} pressed={editing?.id === person.id} onClick={() => load(person)} />
                </td>
              </tr>
            ))}
            {rows.length === 0 && (
              <tr>
                <td colSpan={5} className="admin-empty">
                  {t.emptyList}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </section>

      <form className="admin-card admin-form" onSubmit={submit} aria-labelledby="person-form-heading" noValidate>
        <h2 id="person-form-heading">{editing ? t.people.editing(editing.name) : t.people.add}</h2>
        {catalogue.units.length === 0 && <p className="admin-note">{t.people.noUnits}</p>}
        <Field id="person-name" label={t.people.name} required>
          <input
            ref={firstField}
            id="person-name"
            value={draft.name}
            maxLength={LIMITS.shortText}
            aria-invalid={command.invalid('name')}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
          />
        </Field>
        <Field id="person-title" label={t.people.title}>
          <input
            id="person-title"
            value={draft.title}
            placeholder={t.people.titlePlaceholder}
            maxLength={LIMITS.shortText}
            aria-invalid={command.invalid('title')}
            onChange={(e) => setDraft({ ...draft, title: e.target.value })}
          />
        </Field>
        <Field id="person-unit" label={t.people.unit} required>
          <select id="person-unit" value={draft.unitId} aria-invalid={command.invalid('unitId')} onChange={(e) => setDraft({ ...draft, unitId: e.target.value })}>
            <option value="">{t.people.chooseUnit}</option>
            {catalogue.units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <label className="admin-check">
          <input type="checkbox" name="person-principal" checked={draft.principal} aria-describedby="person-principal-hint" onChange={(e) => setDraft({ ...draft, principal: e.target.checked })} />
          <span>{t.people.principal}</span>
        </label>
        <small id="person-principal-hint" className="admin-hint">
          {t.people.principalHint}
        </small>
        <FormMessage error={command.error} success={saved} id="person-form-message" />
        <div className="admin-buttons">
          <button type="submit" disabled={command.busy || offline}>
            {command.busy ? t.saving : editing ? t.save : t.people.saveNew}
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
