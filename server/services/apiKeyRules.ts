import type { Role } from '../../shared/domain/types';
import { API_COMMAND_NAMES, apiCommandsFor } from '../../shared/protocol/registry';

/* The rules of API keys that the catalogue applies when it stores one (kept apart from the key service, which reads the catalogue). */

const ROLE_NAMES: Record<Role, string> = { admin: '节目管理员', operator: '导播', leader: '领导', screen: '大屏', followup: '督办 / 回访', unit: '单位联络员' };

/** Why a scope cannot be given to a key of this role (a sentence), or null when it can. */
export function apiKeyScopeProblem(role: Role, scope: readonly string[]): string | null {
  const known = new Set<string>(API_COMMAND_NAMES);
  const unknown = scope.filter((name) => !known.has(name));
  if (unknown.length) return `可用操作里有系统不认识或不能通过接口执行的操作（${unknown.join('、')}）。`;
  const allowed = new Set<string>(apiCommandsFor(role));
  const outside = scope.filter((name) => !allowed.has(name));
  if (outside.length) return `身份“${ROLE_NAMES[role]}”不能执行这些操作：${outside.join('、')}。`;
  return null;
}

/** The actor a key's changes are audited under: the audit trail says which key did what. */
export function apiKeyActorId(keyId: string): string {
  return `apikey:${keyId}`;
}

export function apiKeyActorName(label: string): string {
  return `接口：${label}`;
}

