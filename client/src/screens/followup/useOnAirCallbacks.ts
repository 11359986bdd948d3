import { useCallback, useEffect, useRef, useState } from 'react';
import { answeredAt, awaitsOnAirCallback, selectOnAirCallbacks, type OnAirCallbackFilter } from '../../../../shared/domain/onAirCallbacks';
import { latestRating } from '../../../../shared/domain/satisfaction';
import type { Appeal } from '../../../../shared/domain/types';
import type { OnAirCallbackListResult, OnAirCallbackRow } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';

export interface OnAirFilters {
  status: OnAirCallbackFilter;
  episodeId?: string;
  from?: string;
  to?: string;
}

/** Another desk may call back too: the list is fetched again this often, and on every (re)connect. */
const PERIODIC_REFRESH_MS = 60_000;

/** The row for a fresher copy of its appeal (a callback's ack), with `awaiting` and `rating` from the shared rules. */
export function withCalledBack(row: OnAirCallbackRow, appeal: Appeal): OnAirCallbackRow {
  if (appeal.version <= row.appeal.version) return row;
  return { ...row, appeal, answeredAt: answeredAt(appeal), awaiting: awaitsOnAirCallback(appeal), rating: latestRating(appeal.onAirCallbacks) };
}

/**
 * The appeals answered on air the desk calls back (`appeal:callBackList`), with the filters. A row
 * called back from this screen stays in sight with its rating until the filters change, even when
 * it no longer matches 待回访 (the desk sees what it just recorded); the counts move at once.
 */
export function useOnAirCallbacks(socket: StudioSocket | null, filters: OnAirFilters) {
  const [list, setList] = useState<OnAirCallbackListResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  /** Rows called back here since the filters last changed. */
  const kept = useRef(new Map<string, OnAirCallbackRow>());
  const { status, episodeId, from, to } = filters;

  useEffect(() => {
    kept.current = new Map();
  }, [status, episodeId, from, to]);

  const load = useCallback(async () => {
    if (!socket) return;
    const mark = ++request.current;
    const response = await sendCommand(socket, 'appeal:callBackList', { status, ...(episodeId ? { episodeId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (mark !== request.current) return; // a newer fetch (other filters) is under way
    if (!response.ok) return setError(response.error.message);
    setError(null);
    setList(merge(response.data, kept.current));
  }, [socket, status, episodeId, from, to]);

  useEffect(() => {
    if (!socket) return;
    socket.on('connect', load);
    if (socket.connected) void load();
    const refresh = setInterval(() => {
      if (socket.connected) void load();
    }, PERIODIC_REFRESH_MS);
    return () => {
      socket.off('connect', load);
      clearInterval(refresh);
    };
  }, [socket, load]);

  /** A callback went through: its ack's appeal, shown at once; then the list is asked again. */
  const applyAppeal = useCallback(
    (appeal: Appeal) => {
      setList((previous) => {
        if (!previous) return previous;
        const before = previous.items.find((r) => r.appeal.id === appeal.id);
        if (!before) return previous;
        const row = withCalledBack(before, appeal);
        kept.current.set(appeal.id, row);
        const settled = before.awaiting && !row.awaiting ? 1 : 0;
        return { ...previous, items: previous.items.map((r) => (r.appeal.id === appeal.id ? row : r)), awaiting: previous.awaiting - settled };
      });
      void load();
    },
    [load],
  );

  return { list, error, reload: load, applyAppeal };
}

/** The server's rows plus the ones called back here (newer copy wins), in the list's order. */
function merge(fetched: OnAirCallbackListResult, kept: Map<string, OnAirCallbackRow>): OnAirCallbackListResult {
  if (kept.size === 0) return fetched;
  const rows = new Map(fetched.items.map((r) => [r.appeal.id, r]));
  for (const [id, row] of kept) {
    const mine = rows.get(id);
    if (!mine || mine.appeal.version < row.appeal.version) rows.set(id, row);
  }
  const items = selectOnAirCallbacks(rows.values(), { status: 'all' }, Number.POSITIVE_INFINITY).rows;
  return { ...fetched, items };
}
