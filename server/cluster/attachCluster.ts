import type { Logger } from 'pino';
import type { EpisodeEvent } from '../../shared/domain/episodeState';
import type { AppServer } from '../realtime/types';
import type { CatalogueService } from '../services/catalogueService';
import type { CommitOrigin } from '../services/episodeLedger';
import type { SessionService } from '../services/sessionService';
import type { StudioService } from '../services/studioService';

/**
 * Several nodes on one PostgreSQL: broadcasts to clients already cross nodes through the shared
 * Socket.IO adapter; this keeps each node's memory level with what the others made durable. A
 * node tells the others what it committed; they read it from the store. A note lost while the
 * adapter's engine blipped is made good by the sweep, and by each sync and command, which check
 * the store anyway.
 */
export function attachCluster(
  io: AppServer,
  { studio, catalogue, sessions, logger, sweepMs }: { studio: StudioService; catalogue: CatalogueService; sessions: SessionService; logger: Logger; sweepMs: number },
): () => void {
  const onCommitted = (events: EpisodeEvent[], origin: CommitOrigin) => {
    // Only the node that committed tells the others; they read the events from the store.
    if (origin !== 'here' || events.length === 0) return;
    const last = events[events.length - 1];
    io.serverSideEmit('node:episodeCommitted', { episodeId: last.episodeId, seq: last.seq });
  };
  studio.on('committed', onCommitted);
  catalogue.onCommitted = () => io.serverSideEmit('node:catalogueCommitted');

  // A burst of notes is read in batches: a note for a seq held here is dropped, and notes arriving
  // while a catch-up waits for its turn join it (EpisodeLedger.catchUp), so a busy node elsewhere
  // costs this one a read per burst, not one per command.
  io.on('node:episodeCommitted', ({ episodeId, seq }) => {
    studio.noteCommittedElsewhere(episodeId, seq).catch((err) => logger.warn({ err, episodeId }, 'catching up with another node failed'));
  });
  io.on('node:catalogueCommitted', () => {
    catalogue.reload().catch((err) => logger.warn({ err }, 're-reading the catalogue failed'));
  });
  // A logout or an eviction on one node: the others forget the session at once, not at their next sweep.
  sessions.onEnded = (ids) => {
    if (ids.length) io.serverSideEmit('node:sessionsEnded', ids);
  };
  io.on('node:sessionsEnded', (ids) => {
    if (Array.isArray(ids)) sessions.forget(ids.filter((id) => typeof id === 'string'));
  });

  let sweeping = false;
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    Promise.all([studio.catchUpWithStore(), catalogue.reload(), sessions.sweep()])
      .catch((err) => logger.warn({ err }, 'cluster sweep failed'))
      .finally(() => (sweeping = false));
  }, sweepMs);
  sweep.unref();

  return () => {
    clearInterval(sweep);
    studio.off('committed', onCommitted);
    catalogue.onCommitted = () => undefined;
    sessions.onEnded = () => undefined;
  };
}
