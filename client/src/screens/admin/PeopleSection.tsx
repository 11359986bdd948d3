import { useState } from 'react';
import type { Person } from '../../../../shared/domain/types';
import { LIMITS } from '../../../../shared/protocol/commands';
import { CatalogueForm, ChoiceField, EditableList, ListFilter, unitChoices, useCatalogueEditor } from './CatalogueEditor';
import { Field, type SectionProps, unitNamer } from './parts';
import { adminStrings as t } from './strings';

interface Draft {
  name: string;
  title: string;
  unitId: string;
  principal: boolean;
}

const EMPTY: Draft = { name: '', title: '', unitId: '', principal: false };
const LIST = { name: 'people', heading: t.people.heading, columns: [t.people.name, t.people.title, t.people.unit, t.people.principal] };
const toDraft = (person: Person): Draft => ({ name: person.name, title: person.title, unitId: person.unitId, principal: person.principal });

/** 人员: the leaders who can go on air, with their unit and the 主要负责人 flag the annual report counts. */
export function PeopleSection({ socket, catalogue, offline }: SectionProps) {
  const editor = useCatalogueEditor<Draft, Person>(socket, EMPTY, toDraft);
  const { command, editing, draft, bind } = editor;
  const [unitFilter, setUnitFilter] = useState('');
  const unitName = unitNamer(catalogue.units);
  const units = unitChoices(catalogue.units);
  /** A person's cells after its name. */
  const cells = (person: Person) => (
    <>
      <td>{person.title || t.none}</td>
      <td>{unitName(person.unitId)}</td>
      <td>{person.principal ? <span className="admin-principal">{t.principal}</span> : <span className="admin-dim">{t.none}</span>}</td>
    </>
  );

  const submit = () =>
    editor.save(
      ({ id, expectedVersion }) => command.run('person:save', { personId: id, expectedVersion, ...draft }),
      // Keep the unit: people are usually entered unit by unit.
      (result) => ({ message: t.people.saved(result.person.name), next: { ...EMPTY, unitId: draft.unitId } }),
    );
  // A new person defaults to the unit being looked at.
  const startNew = () => editor.open(null, { ...EMPTY, unitId: unitFilter });

  const rows = catalogue.people.filter((p) => !unitFilter || p.unitId === unitFilter);

  return (
    <div className="admin-split">
      <EditableList list={LIST} rows={rows} editing={editing} onEdit={editor.open} cells={cells} filter={<ListFilter id="people-filter" label={t.people.filterUnit} allLabel={t.people.allUnits} value={unitFilter} onChange={setUnitFilter} options={units} />} />

      <CatalogueForm name="person" words={t.people} editor={editor} offline={offline} onSubmit={submit} onCancel={startNew}>
        {catalogue.units.length === 0 && <p className="admin-note">{t.people.noUnits}</p>}
        <Field id="person-name" label={t.people.name} required>
          <input ref={editor.firstField} id="person-name" maxLength={LIMITS.shortText} {...bind('name')} />
        </Field>
        <Field id="person-title" label={t.people.title}>
          <input id="person-title" placeholder={t.people.titlePlaceholder} maxLength={LIMITS.shortText} {...bind('title')} />
        </Field>
        <ChoiceField id="person-unit" label={t.people.unit} required choose={t.people.chooseUnit} options={units} control={bind('unitId')} />
        <label className="admin-check">
          <input type="checkbox" name="person-principal" checked={draft.principal} aria-describedby="person-principal-hint" onChange={(e) => editor.set('principal', e.target.checked)} />
          <span>{t.people.principal}</span>
        </label>
        <small id="person-principal-hint" className="admin-hint">
          {t.people.principalHint}
        </small>
      </CatalogueForm>
    </div>
  );
}
