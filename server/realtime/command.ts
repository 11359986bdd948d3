import type { Logger } from 'pino';
import { ERROR_MESSAGES, refuse, validationFailed, type CommandError } from '../../shared/domain/errors';
import type { Ack } from '../../shared/protocol/events';
import { COMMANDS, commandIdOf, type CommandName, type InputOf, type Registry, type ResultOf } from '../../shared/protocol/registry';
import { parsePayload } from '../../shared/protocol/validationMessage';
import { isDomainError, type CommandMeta } from '../services/episodeLedger';
import { fingerprintOf } from '../services/fingerprint';
import type { Clock } from '../services/clock';
import type { Metrics } from '../metrics/metrics';
import { EncodedReply } from './encodedAck';
import { audienceOf, projectError, projectResult } from './projection';
import type { Audience } from './rooms';
import type { AppSocket } from './types';

/**
 * Who sends a command: a socket, or a caller standing in for one (an API key over HTTP,
 * server/http/api/): the same identity fields, and rooms it may join (a caller without a
 * connection joins nothing and is never `connected`).
 */
export type CommandCaller = Pick<AppSocket, 'data' | 'join' | 'connected'>;

export interface CommandContext {
  socket: CommandCaller;
  meta: CommandMeta;
  audience: Audience;
}

export interface CommandDeps {
  clock: Clock;
  logger: Logger;
  metrics?: Metrics;
}

/** A socket command, ready to answer arrivals: its name and the thin handler that calls a service. */
export interface CommandDefinition {
  name: CommandName;
  /** Answer one arrival of this command on a socket. */
  run(socket: AppSocket, payload: unknown, ack: unknown, deps: CommandDeps): Promise<void>;
  /** Run it for any caller and resolve with the ack envelope (what `run` hands the socket's ack; HTTP answers with it too). */
  execute(caller: CommandCaller, payload: unknown, deps: CommandDeps): Promise<Ack<unknown> | EncodedReply>;
}

/** What a handler may answer: the command's result, or a shared snapshot already projected and encoded. */
type Answer<N extends CommandName> = ResultOf<N> | EncodedReply;

/**
 * Define a command the way every command runs, from its entry in the registry
 * (shared/protocol/registry.ts): authorize by role, validate with its schema, call the service,
 * project the answer for the audience and reply through the ack envelope. The service resolves only
 * after the change is durable, so the ack can never run ahead of the disk.
 */
export function defineCommand<N extends CommandName>(name: N, handle: (input: InputOf<N>, context: CommandContext) => Promise<Answer<N>> | Answer<N>): CommandDefinition {
  const spec: Registry[N] = COMMANDS[name];
  const execute = async (caller: CommandCaller, payload: unknown, { clock, logger, metrics }: CommandDeps): Promise<Ack<unknown> | EncodedReply> => {
    const timed = metrics?.startCommand(name);
    const reply = (response: Ack<unknown> | EncodedReply): Ack<unknown> | EncodedReply => {
      timed?.(response instanceof EncodedReply || response.ok ? 'ok' : response.error.code === 'INTERNAL' || response.error.code === 'STORAGE_FAILED' ? 'failed' : 'refused');
      return response;
    };
    const { role } = caller.data;
    const audience = audienceOf(role);
    if (!spec.roles.includes(role)) return reply(failure(refuse('FORBIDDEN').toCommandError()));
    const parsed = parsePayload(spec.schema, payload, name);
    if (!parsed.ok) return reply(failure({ code: 'VALIDATION_FAILED', message: validationFailed(parsed.message), field: parsed.field }));
    // The registry's schema for N is what defines InputOf<N>; TypeScript cannot follow a generic index.
    const input = parsed.data as InputOf<N>;
    const meta: CommandMeta = {
      command: name,
      commandId: commandIdOf(input),
      fingerprint: fingerprintOf(name, input),
      actor: { accountId: caller.data.accountId, name: caller.data.displayName, role },
      at: clock.now().toISOString(),
    };
    try {
      const data = await handle(input, { socket: caller, meta, audience });
      // A shared snapshot comes already projected for this audience and encoded (snapshotCache.ts).
      if (data instanceof EncodedReply) return reply(data);
      return reply({ ok: true, data: projectResult(name, audience, data) });
    } catch (error) {
      if (isDomainError(error)) return reply(failure(projectError(name, audience, error.toCommandError())));
      logger.error({ err: error, command: name, account: caller.data.accountId }, 'command failed unexpectedly');
      return reply(failure({ code: 'INTERNAL', message: ERROR_MESSAGES.INTERNAL }));
    }
  };
  return {
    name,
    execute,
    async run(socket, payload, ack, deps) {
      if (typeof ack !== 'function') return; // a command without an ack cannot be answered; do nothing
      ack(await execute(socket, payload, deps));
    },
  };
}

function failure(error: CommandError): Ack<never> {
  return { ok: false, error };
}
