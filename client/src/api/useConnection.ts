import { useEffect, useState } from 'react';
import { openSocket, type StudioSocket } from './socket';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** Open the tab's socket while logged in, and follow its connection state for the indicator. */
export function useConnection(loggedIn: boolean, onSessionEnded: () => void) {
  const [socket, setSocket] = useState<StudioSocket | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    if (!loggedIn) return;
    const s = openSocket();
    setSocket(s);
    s.on('connect', () => setConnection('connected'));
    s.on('disconnect', () => setConnection('disconnected'));
    s.on('connect_error', (error) => {
      setConnection('disconnected');
      if (error.message === 'UNAUTHORIZED') onSessionEnded();
    });
    s.on('session:ended', onSessionEnded);
    return () => {
      s.disconnect();
      setSocket(null);
    };
  }, [loggedIn, onSessionEnded]);

  return { socket, connection };
}
