import { useEffect, useState } from 'react';
import type { CatalogueView } from '../../../shared/protocol/events';
import { sendCommand, type StudioSocket } from './socket';

/** Units, people, episodes (and accounts for admins), refetched whenever the server says they changed. */
export function useCatalogue(socket: StudioSocket | null): CatalogueView | null {
  const [catalogue, setCatalogue] = useState<CatalogueView | null>(null);
  useEffect(() => {
    if (!socket) return;
    let cancelled = false;
    const load = async () => {
      const response = await sendCommand(socket, 'catalogue:get', {});
      if (!cancelled && response.ok) setCatalogue(response.data);
    };
    socket.on('connect', load);
    socket.on('catalogue:changed', load);
    if (socket.connected) void load();
    return () => {
      cancelled = true;
      socket.off('connect', load);
      socket.off('catalogue:changed', load);
    };
  }, [socket]);
  return catalogue;
}

/** The episode a studio screen follows: the one live now, else the next planned, else the latest. */
export function pickStudioEpisode(catalogue: CatalogueView | null): string | null {
  if (!catalogue) return null;
  const { episodes } = catalogue;
  const live = episodes.find((e) => e.status === 'live');
  if (live) return live.id;
  const planned = episodes.filter((e) => e.status === 'planned').sort((a, b) => a.date.localeCompare(b.date) || a.number - b.number);
  return planned[0]?.id ?? episodes[0]?.id ?? null;
}
