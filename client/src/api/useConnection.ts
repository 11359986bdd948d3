import { useEffect, useState } from 'react';
import { followConnection, openSocket, type ConnectionState, type StudioSocket } from './socket';

export type { ConnectionState } from './socket';

/** Open the tab's socket while logged in, and follow its connection state for the indicator. */
export function useConnection(loggedIn: boolean, onSessionEnded: () => void) {
  const [socket, setSocket] = useState<StudioSocket | null>(null);
  const [connection, setConnection] = useState<ConnectionState>('connecting');

  useEffect(() => {
    if (!loggedIn) return;
    const s = openSocket();
    setSocket(s);
    const stop = followConnection(s, setConnection, onSessionEnded);
    return () => {
      stop();
      s.disconnect();
      setSocket(null);
    };
  }, [loggedIn, onSessionEnded]);

  return { socket, connection };
}
