import type { SupervisionService, ItemActor } from '../../services/supervisionService';
import { defineCommand, type CommandCaller, type CommandDefinition } from '../command';
import { SUPERVISION_ALL_ROOM, supervisionUnitRoom } from '../rooms';

function actorOf(socket: CommandCaller): ItemActor {
  return { role: socket.data.role, unitId: socket.data.unitId, name: socket.data.displayName };
}

/** Follow-up desks hear about every item; a liaison only about its own unit's. */
function subscribe(socket: CommandCaller): void {
  if (socket.data.role === 'unit') {
    // A liaison without a unit (which account creation prevents) hears nothing rather than everything.
    if (socket.data.unitId) void socket.join(supervisionUnitRoom(socket.data.unitId));
    return;
  }
  void socket.join(SUPERVISION_ALL_ROOM);
}

/** After the broadcast: the follow-up desk's and the unit liaison's commands. */
export function supervisionCommands(supervision: SupervisionService): CommandDefinition[] {
  return [
    defineCommand('supervision:list', (input, { socket }) => {
      subscribe(socket);
      return supervision.list(input, actorOf(socket));
    }),
    defineCommand('supervision:detail', (input, { socket }) => supervision.detail(input, actorOf(socket))),
    defineCommand('supervision:assign', (input, { socket, meta }) => supervision.assign(input, actorOf(socket), meta)),
    defineCommand('supervision:setDeadline', (input, { socket, meta }) => supervision.setDeadline(input, actorOf(socket), meta)),
    defineCommand('supervision:remind', (input, { socket, meta }) => supervision.remind(input, actorOf(socket), meta)),
    defineCommand('supervision:requestExtension', (input, { socket, meta }) => supervision.requestExtension(input, actorOf(socket), meta)),
    defineCommand('supervision:decideExtension', (input, { socket, meta }) => supervision.decideExtension(input, actorOf(socket), meta)),
    defineCommand('supervision:reply', (input, { socket, meta }) => supervision.reply(input, actorOf(socket), meta)),
    defineCommand('supervision:callBack', (input, { socket, meta }) => supervision.callBack(input, actorOf(socket), meta)),
    defineCommand('supervision:close', (input, { socket, meta }) => supervision.close(input, actorOf(socket), meta)),
    defineCommand('appeal:callBack', (input, { socket, meta }) => supervision.callBackOnAir(input, actorOf(socket), meta)),
    defineCommand('appeal:callBackList', (input) => supervision.callBackList(input)),
  ];
}
