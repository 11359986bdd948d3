import { useState } from 'react';
import { UNIT_KINDS, type Unit, type UnitKind } from '../../../../shared/domain/types';
import { LIMITS, UnitSave } from '../../../../shared/protocol/commands';
import { CatalogueForm, ChoiceField, EditableList, ListFilter, useCatalogueEditor } from './CatalogueEditor';
import { Field, type SectionProps } from './parts';
import { adminStrings as t } from './strings';

interface Draft {
  name: string;
  kind: UnitKind;
  level: string;
}

/** The level's length limit, read from the shared schema. */
const LEVEL_MAX = UnitSave.shape.level.unwrap().maxLength ?? undefined;

const EMPTY: Draft = { name: '', kind: 'department', level: t.defaultLevel };
const toDraft = (unit: Unit): Draft => ({ name: unit.name, kind: unit.kind, level: unit.level });
const LIST = { name: 'units', heading: t.units.heading, columns: [t.units.name, t.units.kind, t.units.level] };
const KIND_CHOICES = UNIT_KINDS.map((k) => ({ value: k, label: t.unitKinds[k] }));

/** A unit's cells after its name. */
const cells = (unit: Unit) => (
  <>
    <td>
      <span className={`admin-kind ${unit.kind}`}>{t.unitKinds[unit.kind]}</span>
    </td>
    <td>{unit.level || t.none}</td>
  </>
);

/** 上线单位: the list, and one form that adds a unit or edits the chosen one (optimistic version check). */
export function UnitsSection({ socket, catalogue, offline }: SectionProps) {
  const editor = useCatalogueEditor<Draft, Unit>(socket, EMPTY, toDraft);
  const { command, editing, draft, bind } = editor;
  const [kindFilter, setKindFilter] = useState<UnitKind | ''>('');

  const submit = () =>
    editor.save(
      ({ id, expectedVersion }) => command.run('unit:save', { unitId: id, expectedVersion, ...draft }),
      (result) => ({ message: t.units.saved(result.unit.name), next: EMPTY }),
    );

  const rows = catalogue.units.filter((u) => !kindFilter || u.kind === kindFilter);

  return (
    <div className="admin-split">
      <EditableList list={LIST} rows={rows} editing={editing} onEdit={editor.open} cells={cells} filter={<ListFilter id="units-filter" label={t.units.filterKind} allLabel={t.units.allKinds} value={kindFilter} onChange={(v) => setKindFilter(v as UnitKind | '')} options={KIND_CHOICES} />} />

      <CatalogueForm name="unit" words={t.units} editor={editor} offline={offline} onSubmit={submit} onCancel={() => editor.open(null)}>
        <Field id="unit-name" label={t.units.name} required>
          <input ref={editor.firstField} id="unit-name" maxLength={LIMITS.shortText} {...bind('name')} />
        </Field>
        <ChoiceField id="unit-kind" label={t.units.kind} options={KIND_CHOICES} control={bind('kind')} />
        <Field id="unit-level" label={t.units.level} hint={t.units.levelHint}>
          <input id="unit-level" list="unit-levels" maxLength={LEVEL_MAX} aria-describedby="unit-level-hint" {...bind('level')} />
          <datalist id="unit-levels">
            {t.units.levelSuggestions.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </Field>
      </CatalogueForm>
    </div>
  );
}
