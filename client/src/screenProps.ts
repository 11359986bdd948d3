import type { AccountView } from '../../shared/protocol/events';
import type { StudioSocket } from './api/socket';
import type { ConnectionState } from './api/useConnection';

/**
 * What every role screen is given by the shell. Apart from the router (routes.ts), which lazily
 * imports the screens: a screen that imported the router would close a circle.
 */
export interface ScreenProps {
  socket: StudioSocket | null;
  account: AccountView;
  connection: ConnectionState;
}
