import type { ApiKeyService } from '../../services/apiKeys';
import { defineCommand, type CommandDefinition } from '../command';

/** The admin's API keys for other systems (server/services/apiKeys.ts); never callable over /api/v1 itself. */
export function apiKeyCommands(apiKeys: ApiKeyService): CommandDefinition[] {
  return [
    defineCommand('apiKey:create', (input, { meta }) => apiKeys.create(input, meta)),
    defineCommand('apiKey:revoke', (input, { meta }) => apiKeys.revoke(input, meta)),
    defineCommand('apiKey:list', () => apiKeys.list()),
  ];
}
