import { useCatalogue } from '../../api/useCatalogue';
import type { ScreenProps } from '../../screenProps';
import { DeskActions, ExtensionDecision } from './DeskActions';
import { followupStrings as t } from './strings';
import { Workspace } from './Workspace';

/**
 * 督办台: every supervised item of every episode, for follow-up staff (and admins). Filter by unit,
 * episode, status and deadline; see the counts, the satisfaction rate with its definition and live
 * due alerts; open an item for its whole history, the unit's replies and extension requests, and
 * act on it: 改派, 调整期限, 催办, 代单位答复, 回访, 办结, and 同意 / 不同意 an extension.
 */
export default function FollowupDesk({ socket, connection }: ScreenProps) {
  const catalogue = useCatalogue(socket);
  const offline = !socket || connection !== 'connected';
  return (
    <Workspace
      socket={socket}
      offline={offline}
      catalogue={catalogue}
      className="followup"
      heading={t.title}
      unitScope={null}
      actions={(ctx) => <DeskActions socket={socket} units={catalogue?.units ?? []} {...ctx} />}
      extensionControls={(request, ctx) => <ExtensionDecision socket={socket} request={request} {...ctx} />}
    />
  );
}
