import { useCallback, useState } from 'react';
import type { CommandError } from '../../../shared/domain/errors';
import type { ClientToServerEvents } from '../../../shared/protocol/events';
import { newCommandId, sendCommand, type StudioSocket } from './socket';

type Payload<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
type Data<E extends keyof ClientToServerEvents> = Extract<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0], { ok: true }>['data'];

/**
 * Run commands from a screen: adds the commandId, tracks the one in flight, and keeps the last error
 * (already in Chinese, from the server) for the screen to show. Returns the data, or null on error.
 */
export function useCommand(socket: StudioSocket | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<CommandError | null>(null);

  const run = useCallback(
    async <E extends keyof ClientToServerEvents>(event: E, payload: Omit<Payload<E>, 'commandId'> & { commandId?: string }): Promise<Data<E> | null> => {
      if (!socket) return null;
      setBusy(true);
      const response = await sendCommand(socket, event, { commandId: newCommandId(), ...payload } as Payload<E>);
      setBusy(false);
      if (response.ok) {
        setError(null);
        return response.data as Data<E>;
      }
      setError(response.error);
      return null;
    },
    [socket],
  );

  return { run, busy, error, clearError: () => setError(null) };
}
