import { useCallback, useState } from 'react';
import type { CommandError } from '../../../../shared/domain/errors';
import { COMMANDS, type BodyOf, type ChangeCommandName, type ResultOf } from '../../../../shared/protocol/registry';
import { describeValidationError } from '../../../../shared/protocol/validationMessage';
import { newCommandId, type StudioSocket } from '../../api/socket';
import { useCommand } from '../../api/useCommand';

/**
 * One form's command runner. Before sending, the payload is checked with the very zod schema the
 * server parses with (its entry in shared/protocol/registry.ts), so a missing name or a short password is
 * answered at once, in the same Chinese words the server would use. What passes goes to the server
 * through useCommand; its error (already Chinese) is kept for the form to show.
 */
export function useAdminCommand(socket: StudioSocket | null) {
  const command = useCommand(socket);
  const [localError, setLocalError] = useState<CommandError | null>(null);
  const { run: send, clearError: clearServerError } = command;

  const run = useCallback(
    async <N extends ChangeCommandName>(name: N, body: BodyOf<N>): Promise<ResultOf<N> | null> => {
      const commandId = newCommandId();
      const checked = COMMANDS[name].schema.safeParse({ commandId, ...body });
      if (!checked.success) {
        const { message, field } = describeValidationError(checked.error);
        clearServerError();
        setLocalError({ code: 'VALIDATION_FAILED', message, field });
        return null;
      }
      setLocalError(null);
      return send(name, body, commandId);
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
