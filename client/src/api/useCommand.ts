import { useCallback, useState } from 'react';
import type { CommandError } from '../../../shared/domain/errors';
import type { BodyOf, ChangeCommandName, ResultOf } from '../../../shared/protocol/registry';
import { newCommandId, sendChange, type StudioSocket } from './socket';

/**
 * Run changes from a screen: adds the commandId, tracks the one in flight, and keeps the last error
 * (already in Chinese, from the server) for the screen to show. Returns the data, or null on error.
 */
export function useCommand(socket: StudioSocket | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);

  const run = useCallback(
    async <N extends ChangeCommandName>(name: N, body: BodyOf<N>, commandId: string = newCommandId()): Promise<ResultOf<N> | null> => {
      if (!socket) return null;
      setBusy(true);
      const response = await sendChange(socket, name, body, commandId);
      setBusy(false);
      if (response.ok) {
        setError(null);
        return response.data;
      }
      setError(response.error);
      return null;
    },
    [socket],
  );

  return { run, busy, error, clearError: () => setError(null) };
}
