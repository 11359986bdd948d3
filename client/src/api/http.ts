import type { SystemConditionView } from '../../../shared/protocol/condition';
import type { Ack, AccountView } from '../../../shared/protocol/events';
import { shellStrings } from '../strings/shell';

async function call<T>(path: string, init?: RequestInit): Promise<Ack<T>> {
  try {
    const response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init });
    return (await response.json()) as Ack<T>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: shellStrings.unreachable } };
  }
}

export const login = (username: string, password: string) =>
  call<{ account: AccountView }>('/api/login', { method: 'POST', body: JSON.stringify({ username, password }) });
export const logout = () => call<null>('/api/logout', { method: 'POST', body: '{}' });
export const whoAmI = () => call<{ account: AccountView }>('/api/me');
export const systemCondition = () => call<SystemConditionView>('/api/admin/condition');
