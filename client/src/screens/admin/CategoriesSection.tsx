import { useMemo, useState, type FormEvent } from 'react';
import type { Category } from '../../../../shared/domain/categories';
import type { CatalogueView } from '../../../../shared/protocol/events';
import type { StudioSocket } from '../../api/socket';
import { useAdminCommand } from './useAdminCommand';
import { adminStrings as t } from './strings';

/**
 * 诉求类别: the controlled list intake picks from and the reports group by. Add, rename (the old name
 * stays valid for the appeals that carry it), retire and bring back; nothing is ever deleted.
 */
export function CategoriesSection({ socket, catalogue, offline }: { socket: StudioSocket | null; catalogue: CatalogueView; offline: boolean }) {
  const s = t.categories;
  const command = useAdminCommand(socket);
  const [name, setName] = useState('');
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<{ id: string; name: string } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const list = catalogue.categories ?? [];
  const shown = useMemo(() => list.filter((c) => !filter.trim() || c.name.includes(filter.trim()) || c.formerNames.some((n) => n.includes(filter.trim()))), [list, filter]);
  const retiredCount = list.filter((c) => c.retired).length;

  const save = async (category: Category | null, next: { name: string; retired: boolean }, done: string) => {
    const result = await command.run('category:save', { categoryId: category?.id ?? null, expectedVersion: category?.version ?? null, name: next.name, retired: next.retired });
    if (!result) return false;
    setSaved(done);
    return true;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    if (await save(null, { name, retired: false }, s.added(name.trim()))) setName('');
  };

  const rename = async (event: FormEvent, category: Category) => {
    event.preventDefault();
    if (!editing) return;
    if (await save(category, { name: editing.name, retired: category.retired }, s.renamed(category.name, editing.name.trim()))) setEditing(null);
  };

  return (
    <div className="admin-split">
      <section className="admin-card" aria-labelledby="categories-list">
        <div className="admin-card-head">
          <h2 id="categories-list">{s.listHeading}</h2>
          <span className="muted" data-testid="categories-count">{s.count(list.length - retiredCount, retiredCount)}</span>
          <input type="search" aria-label={s.filter} placeholder={s.filter} value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
        <p className="admin-hint">{s.explain}</p>
        <ul className="admin-categories" data-testid="categories">
          {shown.length === 0 && <li className="muted">{s.none}</li>}
          {shown.map((c) => (
            <li key={c.id} className={c.retired ? 'retired' : ''} data-testid="category-row" data-name={c.name}>
              {editing?.id === c.id ? (
                <form className="category-rename" onSubmit={(e) => void rename(e, c)}>
                  <input aria-label={s.name} value={editing.name} autoFocus onChange={(e) => setEditing({ id: c.id, name: e.target.value })} />
                  <button type="submit" disabled={offline || command.busy}>{s.save}</button>
                  <button type="button" onClick={() => setEditing(null)}>{s.cancel}</button>
                </form>
              ) : (
                <>
                  <span className="category-name">{c.name}</span>
                  <span className={`category-state ${c.retired ? 'off' : 'on'}`}>{c.retired ? s.retired : s.active}</span>
                  {c.formerNames.length > 0 && <span className="muted category-former">{s.formerNames(c.formerNames)}</span>}
                  <span className="category-actions">
                    <button type="button" disabled={offline || command.busy} onClick={() => setEditing({ id: c.id, name: c.name })}>{s.rename}</button>
                    <button type="button" disabled={offline || command.busy} onClick={() => void save(c, { name: c.name, retired: !c.retired }, c.retired ? s.restored(c.name) : s.retiredDone(c.name))}>
                      {c.retired ? s.restore : s.retire}
                    </button>
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="admin-card" aria-labelledby="categories-add">
        <form className="admin-form" onSubmit={add}>
          <h2 id="categories-add">{s.addHeading}</h2>
          <label>
            {s.name}
            <input name="categoryName" value={name} maxLength={60} onChange={(e) => setName(e.target.value)} />
          </label>
          <button type="submit" disabled={offline || command.busy || !name.trim()}>{s.add}</button>
          {command.error ? <p role="alert" className="admin-form-error">{command.error.message}</p> : <p className="admin-form-ok" role="status">{saved ?? ''}</p>}
        </form>
      </section>
    </div>
  );
}
