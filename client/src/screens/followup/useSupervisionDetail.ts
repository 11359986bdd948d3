import { useCallback, useEffect, useRef, useState } from 'react';
import type { SupervisionDetailResult } from '../../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from '../../api/socket';

export interface ItemRef {
  episodeId: string;
  appealId: string;
}

/**
 * One item with its whole history (every event of the appeal from the live call on). Fetched when
 * the item is chosen, on every (re)connect, and again whenever a newer version of the item is known
 * (a live change or a command's ack), so the timeline never lags the list.
 */
export function useSupervisionDetail(socket: StudioSocket | null, ref: ItemRef | null, knownVersion: number | undefined) {
  const [detail, setDetail] = useState<SupervisionDetailResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const request = useRef(0);
  const episodeId = ref?.episodeId;
  const appealId = ref?.appealId;

  const load = useCallback(async () => {
    if (!socket || !episodeId || !appealId) return;
    const mark = ++request.current;
    const response = await sendCommand(socket, 'supervision:detail', { episodeId, appealId });
    if (mark !== request.current) return;
    if (!response.ok) {
      setDetail(null);
      return setError(response.error.message);
    }
    setError(null);
    setDetail(response.data);
  }, [socket, episodeId, appealId]);

  useEffect(() => {
    setDetail(null);
    setError(null);
    if (!socket || !appealId) return;
    socket.on('connect', load);
    if (socket.connected) void load();
    return () => {
      socket.off('connect', load);
    };
  }, [socket, appealId, load]);

  const shownVersion = detail?.item.appeal.id === appealId ? detail?.item.appeal.version : undefined;
  useEffect(() => {
    if (knownVersion !== undefined && shownVersion !== undefined && knownVersion > shownVersion) void load();
  }, [knownVersion, shownVersion, load]);

  const current = detail && detail.item.appeal.id === appealId ? detail : null;
  return { detail: current, error, reload: load };
}
