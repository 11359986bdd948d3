import { pickStudioEpisode, useCatalogue } from '../../api/useCatalogue';
import { useEpisode } from '../../api/useEpisode';
import { useNow } from '../../api/useNow';
import type { ScreenProps } from '../../screenProps';
import { Wall } from './Wall';

/**
 * The studio big screen: read-only, legible across the room, no mouse. While the connection is down
 * it shows no call at all rather than one that may have left the air; while the producer has hidden
 * the wall, a standby panel (Wall.tsx).
 */
export default function BigScreen({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const episodeId = pickStudioEpisode(catalogue);
  const { state } = useEpisode(socket, episodeId);
  const now = useNow();
  const units = Object.fromEntries((catalogue?.units ?? []).map((u) => [u.id, u]));
  return <Wall state={state} units={units} now={now} connection={connection} noEpisode={!episodeId && !!catalogue} />;
}
