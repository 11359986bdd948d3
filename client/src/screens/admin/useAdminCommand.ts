import { useCallback, useState } from 'react';
import type { z } from 'zod';
import type { CommandError } from '../../../../shared/domain/errors';
import type { ClientToServerEvents } from '../../../../shared/protocol/events';
import { describeValidationError } from '../../../../shared/protocol/validationMessage';
import { newCommandId, type StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';

type Payload<E extends keyof ClientToServerEvents> = Omit<Parameters<ClientToServerEvents[E]>[0], 'commandId'>;

/**
 * One form's command runner. Before sending, the payload is checked with the very zod schema the
 * server parses with (shared/protocol/commands.ts), so a missing name or a short password is
 * answered at once, in the same Chinese words the server would use. What passes goes to the server
 * through useCommand; its error (already Chinese) is kept for the form to show.
 */
export function useAdminCommand(socket: StudioSocket | null) {
  const command = useCommand(socket);
  const [localError, setLocalError] = useState<CommandError | null>(null);
  const { run: send, clearError: clearServerError } = command;

  const run = useCallback(
    async <E extends keyof ClientToServerEvents>(event: E, schema: z.ZodType, payload: Payload<E>) => {
      const commandId = newCommandId();
      const checked = schema.safeParse({ commandId, ...payload });
      if (!checked.success) {
        const { message, field } = describeValidationError(checked.error);
        clearServerError();
        setLocalError({ code: 'VALIDATION_FAILED', message, field });
        return null;
      }
      setLocalError(null);
      return send(event, { commandId, ...payload } as never);
    },
    [send, clearServerError],
  );

  const clearError = useCallback(() => {
    setLocalError(null);
    clearServerError();
  }, [clearServerError]);

  const error = localError ?? command.error;
  return {
    run,
    busy: command.busy,
    error,
    clearError,
    /** True when the last error names this field (or one inside it: slot.end, unitIds.0, patch.theme). */
    invalid: (field: string) => {
      const named = error?.field?.replace(/^patch\./, '');
      return Boolean(named && (named === field || named.startsWith(`${field}.`)));
    },
  };
}
