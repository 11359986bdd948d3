import type { Logger } from 'pino';
import type { z } from 'zod';
import { ERROR_MESSAGES, refuse, type CommandError } from '../../shared/domain/errors';
import type { Ack, CommandName } from '../../shared/protocol/events';
import { mayRun } from '../../shared/protocol/permissions';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { isDomainError, type CommandMeta } from '../services/episodeLedger';
import { fingerprintOf } from '../services/fingerprint';
import type { Clock } from '../services/clock';
import { EncodedReply } from './encodedAck';
import { audienceOf, projectValue } from './projection';
import type { Audience } from './rooms';
import type { AppSocket } from './types';

export interface CommandContext {
  socket: AppSocket;
  meta: CommandMeta;
  audience: Audience;
}

export interface CommandDeps {
  clock: Clock;
  logger: Logger;
}

/** A socket command: its name, its payload schema and the thin handler that calls a service. */
export interface CommandDefinition {
  name: CommandName;
  /** Answer one arrival of this command on a socket. */
  run(socket: AppSocket, payload: unknown, ack: unknown, deps: CommandDeps): Promise<void>;
}

/**
 * Define a command the way every command runs: authorize by role, validate with the shared schema,
 * call the service, answer through the ack envelope. The service resolves only after the change is
 * durable, so the ack can never run ahead of the disk. Values bound for a masked audience are
 * projected here, errors included.
 */
export function defineCommand<S extends z.ZodType, R>(
  name: CommandName,
  schema: S,
  handle: (input: z.output<S>, context: CommandContext) => Promise<R> | R,
): CommandDefinition {
  return {
    name,
    async run(socket, payload, ack, { clock, logger }) {
      {
        if (typeof ack !== 'function') return; // a command without an ack cannot be answered; do nothing
        const reply = ack as (response: Ack<unknown>) => void;
        const { role } = socket.data;
        const audience = audienceOf(role);
        if (!mayRun(role, name)) return reply(failure(refuse('FORBIDDEN').toCommandError()));
        const parsed = parsePayload(schema, payload, name);
        if (!parsed.ok) {
          return reply(failure({ code: 'VALIDATION_FAILED', message: `${ERROR_MESSAGES.VALIDATION_FAILED.slice(0, -1)}：${parsed.message}`, field: parsed.field }));
        }
        const input = parsed.data as z.output<S>;
        const meta: CommandMeta = {
          command: name,
          commandId: (input as { commandId?: string }).commandId ?? '',
          fingerprint: fingerprintOf(name, input as object),
          actor: { accountId: socket.data.accountId, name: socket.data.displayName, role },
          at: clock.now().toISOString(),
        };
        try {
          const data = await handle(input, { socket, meta, audience });
          // A shared snapshot comes already projected for this audience and encoded (snapshotCache.ts).
          if (data instanceof EncodedReply) return reply(data as unknown as Ack<unknown>);
          reply({ ok: true, data: projectValue(audience, data) });
        } catch (error) {
          if (isDomainError(error)) return reply(failure(projectValue(audience, error.toCommandError())));
          logger.error({ err: error, command: name, account: socket.data.accountId }, 'command failed unexpectedly');
          reply(failure({ code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL }));
        }
      }
    },
  };
}

function failure(error: CommandError): Ack<never> {
  return { ok: false, error };
}
