import { useCallback, useEffect, useRef, useState } from 'react';
import type { SatisfactionSummary } from '../../../../shared/domain/satisfaction';
import type { Appeal, SupervisionStatus } from '../../../../shared/domain/types';
import type { SupervisionCounts, SupervisionItemView } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';

export interface ListFilters {
  unitId?: string;
  episodeId?: string;
  status?: SupervisionStatus;
  due?: 'due_soon' | 'overdue';
}

export interface LiveAlert {
  key: string;
  item: SupervisionItemView;
  due: 'due_soon' | 'overdue';
  at: Date;
}

/** How long a burst of live changes is gathered before the list and its counts are fetched again. */
const REFETCH_DELAY_MS = 250;
/** Due states move with the calendar and a liaison is not told when an item leaves its unit: a slow refresh covers both. */
const PERIODIC_REFRESH_MS = 60_000;
const MAX_ALERTS = 30;

/** Keep whichever copy of each item is newer: a fetch answered just before a live change must not undo it. */
function mergeNewer(previous: SupervisionItemView[] | null, fetched: SupervisionItemView[]): SupervisionItemView[] {
  if (!previous) return fetched;
  const known = new Map(previous.map((i) => [i.appeal.id, i]));
  return fetched.map((item) => {
    const mine = known.get(item.appeal.id);
    return mine && mine.appeal.version > item.appeal.version ? mine : item;
  });
}

/**
 * The supervised items a desk or a liaison sees, kept live: fetched with the filters on every
 * (re)connect (which also subscribes this socket to `supervision:changed` and `supervision:alert`),
 * a changed item replaced in place when its version is higher, then the list and its counts fetched
 * again shortly after so membership and counts follow. `onlyUnitId` drops anything of another unit
 * on the client too (the server already refuses to send it).
 */
export function useSupervisionList(socket: StudioSocket | null, filters: ListFilters, onlyUnitId: string | null = null) {
  const [items, setItems] = useState<SupervisionItemView[] | null>(null);
  const [counts, setCounts] = useState<SupervisionCounts | null>(null);
  const [satisfaction, setSatisfaction] = useState<SatisfactionSummary | null>(null);
  const [alerts, setAlerts] = useState<LiveAlert[]>([]);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const { unitId, episodeId, status, due } = filters;

  const mine = useCallback((item: SupervisionItemView) => !onlyUnitId || item.appeal.supervision?.unitId === onlyUnitId, [onlyUnitId]);

  const load = useCallback(async () => {
    if (!socket) return;
    const mark = ++request.current;
    const scope = { ...(unitId ? { unitId } : {}), ...(episodeId ? { episodeId } : {}) };
    const narrowed = status !== undefined || due !== undefined;
    // Counts and satisfaction describe the whole scope (unit, episode); status and due only narrow the list.
    const [list, whole] = await Promise.all([
      sendCommand(socket, 'supervision:list', { ...scope, ...(status ? { status } : {}), ...(due ? { due } : {}) }),
      narrowed ? sendCommand(socket, 'supervision:list', { ...scope, summaryOnly: true }) : Promise.resolve(null),
    ]);
    if (mark !== request.current) return; // a newer fetch (other filters) is under way
    if (!list.ok) return setError(list.error.message);
    if (whole && !whole.ok) return setError(whole.error.message);
    setError(null);
    setItems((previous) => mergeNewer(previous, list.data.items.filter(mine)));
    const summary = whole?.ok ? whole.data : list.data;
    setCounts(summary.counts);
    setSatisfaction(summary.satisfaction);
  }, [socket, unitId, episodeId, status, due, mine]);

  const loadSoon = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void load();
    }, REFETCH_DELAY_MS);
  }, [load]);

  const replace = useCallback(
    (fresh: SupervisionItemView) => {
      setItems((previous) => {
        if (!previous) return previous;
        if (!mine(fresh)) return previous.filter((i) => i.appeal.id !== fresh.appeal.id);
        return previous.map((i) => (i.appeal.id === fresh.appeal.id && fresh.appeal.version > i.appeal.version ? fresh : i));
      });
    },
    [mine],
  );

  useEffect(() => {
    if (!socket) return;
    const onChanged = (item: SupervisionItemView) => {
      replace(item);
      loadSoon();
    };
    const onAlert = (alert: { item: SupervisionItemView; due: 'due_soon' | 'overdue' }) => {
      if (!mine(alert.item)) return;
      replace(alert.item);
      setAlerts((previous) => {
        const key = `${alert.item.appeal.id}:${alert.due}`;
        const rest = previous.filter((a) => a.key !== key);
        return [{ key, item: alert.item, due: alert.due, at: new Date() }, ...rest].slice(0, MAX_ALERTS);
      });
      loadSoon();
    };
    // Reassigned away from this unit: the item leaves the list at once.
    const onMovedAway = ({ appealId }: { appealId: string }) => {
      setItems((previous) => previous?.filter((i) => i.appeal.id !== appealId) ?? previous);
      loadSoon();
    };
    socket.on('connect', load);
    socket.on('supervision:changed', onChanged);
    socket.on('supervision:alert', onAlert);
    socket.on('supervision:movedAway', onMovedAway);
    if (socket.connected) void load();
    const refresh = setInterval(() => {
      if (socket.connected) void load();
    }, PERIODIC_REFRESH_MS);
    return () => {
      socket.off('connect', load);
      socket.off('supervision:changed', onChanged);
      socket.off('supervision:alert', onAlert);
      socket.off('supervision:movedAway', onMovedAway);
      clearInterval(refresh);
      if (timer.current) clearTimeout(timer.current);
    };
  }, [socket, load, loadSoon, replace, mine]);

  /** A command's ack carries the changed appeal: show it at once, before the broadcast. */
  const applyAppeal = useCallback((appeal: Appeal, rebuild: (item: SupervisionItemView, appeal: Appeal) => SupervisionItemView) => {
    setItems((previous) => previous?.map((i) => (i.appeal.id === appeal.id ? rebuild(i, appeal) : i)) ?? previous);
    loadSoon();
  }, [loadSoon]);

  const dismissAlert = useCallback((key: string) => setAlerts((previous) => previous.filter((a) => a.key !== key)), []);
  const clearAlerts = useCallback(() => setAlerts([]), []);

  return { items, counts, satisfaction, alerts, error, reload: load, applyAppeal, dismissAlert, clearAlerts };
}
