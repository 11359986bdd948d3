import { useEffect, useSyncExternalStore } from 'react';
import { activeCategoryNames, type Category } from '../../../../shared/domain/categories';
import { sendCommand, type StudioSocket } from '../../api/socket';
import { operatorStrings as t } from './strings';

/*
 * The controlled category list on the operator console: fed once (from the intake card, which is
 * always on the console) and read by every appeal form on the page. The field stays a text input
 * with the list as its suggestions, so the keyboard flow (type, Tab) is unchanged; a name off the
 * list gets a soft hint (it is kept, and the reports count it under 其他).
 */

let categories: Record<string, Category> | undefined;
let socketNow: StudioSocket | null = null;
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Load the list (and again whenever the admin changes it), and share the console's socket with the cards' badges. */
export function useIntakeFeeds(socket: StudioSocket | null): void {
  useEffect(() => {
    socketNow = socket;
    notify();
    if (!socket) return;
    let cancelled = false;
    const load = async () => {
      const response = await sendCommand(socket, 'catalogue:get', {});
      if (cancelled || !response.ok) return;
      categories = Object.fromEntries((response.data.categories ?? []).map((c) => [c.id, c]));
      notify();
    };
    const changed = ({ what }: { what: string }) => {
      if (what === 'categories') void load();
    };
    socket.on('connect', load);
    socket.on('catalogue:changed', changed);
    if (socket.connected) void load();
    return () => {
      cancelled = true;
      socket.off('connect', load);
      socket.off('catalogue:changed', changed);
    };
  }, [socket]);
}

/** The console's socket, for the cards' repeat-caller badges. */
export function useIntakeSocket(): StudioSocket | null {
  return useSyncExternalStore(subscribe, () => socketNow);
}

function useCategories(): Record<string, Category> | undefined {
  return useSyncExternalStore(subscribe, () => categories);
}

/** The category field: a text input suggesting the active categories, with a soft hint when what is typed is not on the list. */
export function CategoryPicker({ id, value, onChange, invalid }: { id: string; value: string; onChange: (value: string) => void; invalid: Record<string, unknown> }) {
  const list = useCategories();
  const names = list ? activeCategoryNames(list) : [];
  const off = Boolean(list && value.trim() && !names.includes(value.trim()));
  return (
    <>
      <input name="category" autoComplete="off" list={`${id}-categories`} placeholder={t.categoryPicker.placeholder} value={value} onChange={(e) => onChange(e.target.value)} data-off-list={off || undefined} {...invalid} />
      <datalist id={`${id}-categories`} data-testid="category-options">
        {names.map((name) => <option key={name} value={name} />)}
      </datalist>
      {off && !invalid['aria-invalid'] && <span className="field-error soft" data-testid="category-off-list">{t.categoryPicker.notOnList}</span>}
    </>
  );
}
