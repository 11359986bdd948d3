import { useRef, useState } from 'react';
import type { StudioSocket } from '../../api/socket';
import { ConfirmPanel, FormMessage } from './parts';
import { useAdminCommand } from './useAdminCommand';

/**
 * An action taken from a list row (停用 an account or a display link): its own command, so its
 * error shows under the row it is about and not in the tab's form; the row that is asking to
 * confirm or showing the outcome; and each row's button, so the focus can go back to it.
 */
export function useRowAction(socket: StudioSocket | null) {
  const command = useAdminCommand(socket);
  const [target, setTarget] = useState<{ id: string; confirming: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const buttons = useRef(new Map<string, HTMLButtonElement>());

  const focus = (id: string) => buttons.current.get(id)?.focus();
  const ask = (id: string) => {
    command.clearError();
    setDone(null);
    setTarget({ id, confirming: true });
  };
  const cancel = () => {
    if (!target) return;
    setTarget(null);
    focus(target.id);
  };
  /** Send the row's command; while it runs the row stays `confirming` or not, then it shows the outcome. */
  const run = async <R,>(id: string, confirming: boolean, send: () => Promise<R | null>, message: (result: R) => string) => {
    command.clearError();
    setDone(null);
    setTarget({ id, confirming });
    const result = await send();
    setTarget({ id, confirming: false });
    if (result) setDone(message(result));
    return result;
  };
  const here = (id: string) => target?.id === id;
  return {
    command,
    done,
    ask,
    cancel,
    run,
    focus,
    here,
    confirming: (id: string) => here(id) && target!.confirming,
    /** The row's button, kept for the focus to return to. */
    buttonRef: (id: string) => (el: HTMLButtonElement | null) => {
      if (el) buttons.current.set(id, el);
      else buttons.current.delete(id);
    },
  };
}

export type RowAction = ReturnType<typeof useRowAction>;

/** Under the row: the confirm step while asking, else the outcome of the last action (the server's error or what was done). */
export function RowPanel(props: {
  action: RowAction;
  confirming: boolean;
  confirm: { id: string; heading: string; text: string; confirmLabel: string; busyLabel: string };
  messageId: string;
  offline: boolean;
  onConfirm: () => void;
}) {
  const { action } = props;
  if (props.confirming) {
    return <ConfirmPanel {...props.confirm} busy={action.command.busy} offline={props.offline} onConfirm={props.onConfirm} onCancel={action.cancel} />;
  }
  return <FormMessage error={action.command.error} success={action.done} id={props.messageId} />;
}
