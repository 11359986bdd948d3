import type { AccountView, DisplayLinkView } from '../../shared/protocol/events';
import type { Account, DisplayLink } from '../store/store';

/** What a client may see of a display link: never its key's hash nor its screen account. */
export function toDisplayLinkView({ id, label, createdAt, revokedAt }: DisplayLink): DisplayLinkView {
  return { id, label, createdAt, revokedAt };
}

/** What a client may see of an account: never its password hash. */
export function toAccountView(account: Account): AccountView {
  const { id, username, displayName, role, unitId, disabled } = account;
  return { id, username, displayName, role, unitId, disabled };
}
