import type { Actor } from '../../../shared/domain/types';
import { COMMANDS, type CommandName, type InputOf } from '../../../shared/protocol/registry';
import type { CommandMeta } from '../../services/episodeLedger';
import { fingerprintOf } from '../../services/fingerprint';
import type { Clock } from '../../services/clock';

/**
 * Sends commands the way the socket handlers do: the payload parsed by the registry's schema, the
 * role checked against the registry's roles, a CommandMeta with a fingerprint, then the service method.
 * Acknowledgements are collected and awaited in batches (`flush`), so the group commit puts many
 * commands of an episode into one write, as it does for a busy studio; any refusal stops the run.
 */
export class Commander {
  private counter = 0;
  private pending: Array<Promise<void>> = [];
  private failure: { label: string; error: unknown } | null = null;
  sent = 0;

  constructor(
    private readonly prefix: string,
    private readonly clock: Clock,
  ) {}

  send<N extends CommandName, R>(command: N, raw: object, actor: Actor, call: (input: InputOf<N>, meta: CommandMeta) => Promise<R>): Promise<R> {
    this.counter += 1;
    const commandId = `${this.prefix}-${this.counter}`;
    const parsed = COMMANDS[command].schema.safeParse({ commandId, ...raw });
    if (!parsed.success) throw new Error(`演示数据不符合 ${command} 的格式 (demo payload refused by the schema): ${parsed.error.message}`);
    if (!COMMANDS[command].roles.includes(actor.role)) throw new Error(`${actor.role} may not run ${command}`);
    // The registry's schema for N is what defines InputOf<N>; TypeScript cannot follow a generic index.
    const input = parsed.data as InputOf<N>;
    const meta: CommandMeta = { command, commandId, fingerprint: fingerprintOf(command, input), actor, at: this.clock.now().toISOString() };
    let promise: Promise<R>;
    try {
      promise = call(input, meta);
    } catch (error) {
      promise = Promise.reject(error);
    }
    this.sent += 1;
    const label = `${command} @ ${meta.at}`;
    this.pending.push(
      promise.then(
        () => undefined,
        (error) => {
          this.failure ??= { label, error };
        },
      ),
    );
    return promise;
  }

  /** Note a failure found outside `send` (a command that had to be awaited); it stops the run at the next flush. */
  fail(label: string, error: unknown): void {
    this.failure ??= { label, error };
  }

  /** Wait for every acknowledgement so far; throw the first refusal with the command that caused it. */
  async flush(): Promise<void> {
    const waiting = this.pending;
    this.pending = [];
    await Promise.all(waiting);
    if (this.failure) {
      const { label, error } = this.failure;
      throw new Error(`演示命令被拒绝 demo command refused: ${label}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
}
