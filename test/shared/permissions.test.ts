import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/types';
import type { CommandName } from '../../shared/protocol/events';
import { COMMAND_ROLES, mayRun, seesCallerDetails } from '../../shared/protocol/permissions';

const ALL: Role[] = ['admin', 'operator', 'leader', 'screen', 'followup', 'unit'];

/**
 * Who may run what, written out by hand from the product's requirements, not copied from the code:
 * DESIGN.md §2 (who uses which screen for what), README's screens table, and the roles column of
 * docs/protocol.md §3. Typed over every command name, so a new command does not typecheck (and the
 * test below fails) until someone decides here who may send it.
 */
const EXPECTED: Record<CommandName, readonly Role[]> = {
  // Every screen reads the catalogue (units, episodes, leaders on air).
  'catalogue:get': ALL,
  // "programme admin: keep units and accounts", display links (README /admin).
  'unit:save': ['admin'],
  'person:save': ['admin'],
  'account:create': ['admin'],
  'account:setDisabled': ['admin'],
  'displayLink:create': ['admin'],
  'displayLink:revoke': ['admin'],
  'apiKey:create': ['admin'],
  'apiKey:revoke': ['admin'],
  'apiKey:list': ['admin'],
  'calendar:setDay': ['admin'],
  'calendar:importYear': ['admin'],
  // Point 11: "a controlled category list … managed on /admin".
  'category:save': ['admin'],
  // Point 10: "caller flags kept by number, set by operators and follow-up staff with a reason, shown at
  // intake, never on the wall": the masked audiences (leader, screen, unit) never read them; admins may look.
  'callerFlag:list': ['admin', 'operator', 'followup'],
  'callerFlag:set': ['operator', 'followup'],
  'callerFlag:clear': ['operator', 'followup'],
  // "programme admin: plan episodes"; start and end from /admin and from the operator console.
  'episode:plan': ['admin'],
  'episode:update': ['admin'],
  'episode:start': ['admin', 'operator'],
  'episode:end': ['admin', 'operator'],
  // Every studio-side screen follows the episode live; a unit's liaison sees only its own supervised items.
  'episode:sync': ['admin', 'operator', 'leader', 'screen', 'followup'],
  // The operator takes calls, screens them, orders the queue and puts one on air…
  'appeal:create': ['operator'],
  'appeal:update': ['operator'],
  'appeal:screen': ['operator'],
  'appeal:putOnAir': ['operator'],
  'appeal:markInvalid': ['operator'],
  'queue:reorder': ['operator'],
  // …and the call on air ends as answered on air or handed over, by the operator or the leader ("the two outcomes").
  'appeal:answerOnAir': ['operator', 'leader'],
  'appeal:handOver': ['operator', 'leader'],
  // Repeat callers for the operator, the caller's earlier appeals for the leader; follow-up staff and admins look them up too.
  'appeal:history': ['admin', 'operator', 'leader', 'followup'],
  // "messages to the leader with read receipts".
  'message:send': ['operator'],
  'message:markRead': ['leader'],
  // A feedback episode: the operator puts an earlier item's outcome on air, picked from the supervision list.
  'feedback:putOnAir': ['operator'],
  'feedback:takeOffAir': ['operator'],
  // Issue 15 point 3: the producer (who runs the operator console) hides the studio wall in an emergency and shows it again.
  'wall:setHidden': ['operator'],
  'supervision:list': ['admin', 'followup', 'unit', 'operator'],
  'supervision:detail': ['admin', 'followup', 'unit', 'operator'],
  // Follow-up staff (and the admin): reassign, deadlines, remind, extensions, replies on a unit's behalf, call back, close.
  'supervision:assign': ['admin', 'followup'],
  'supervision:setDeadline': ['admin', 'followup'],
  'supervision:remind': ['admin', 'followup'],
  'supervision:decideExtension': ['admin', 'followup'],
  'supervision:callBack': ['admin', 'followup'],
  'supervision:close': ['admin', 'followup'],
  'appeal:callBack': ['admin', 'followup'],
  // …and the worklist of appeals answered on air to call back.
  'appeal:callBackList': ['admin', 'followup'],
  // A unit's liaison replies and asks for more time; the desk may record a reply on its behalf.
  'supervision:requestExtension': ['unit'],
  'supervision:reply': ['admin', 'followup', 'unit'],
  // /publishing: 督办 drafts, 节目管理员 publishes (and may draft).
  'publication:draft': ['admin', 'followup'],
  'publication:edit': ['admin', 'followup'],
  'publication:publish': ['admin'],
  'publication:withdraw': ['admin'],
  // /reports: 节目管理员, 督办.
  'reports:summary': ['admin', 'followup'],
  'reports:annual': ['admin', 'followup'],
};

const sorted = (roles: readonly Role[]) => [...roles].sort();

/** The roles column of docs/protocol.md's command tables: `| \`name\` … | roles | …`. */
function documentedRoles(): Map<string, Role[]> {
  const text = readFileSync(join(import.meta.dirname, '../../docs/protocol.md'), 'utf8');
  const out = new Map<string, Role[]>();
  for (const match of text.matchAll(/^\| `([a-zA-Z]+:[a-zA-Z]+)`[^|]*\| ([^|]+) \|/gm)) {
    const cell = match[2].trim();
    if (cell === 'all six') out.set(match[1], [...ALL]);
    else if (/^[a-z]+(, [a-z]+)*$/.test(cell)) out.set(match[1], cell.split(', ') as Role[]);
  }
  return out;
}

describe('who may run which command', () => {
  it('every command the server knows has a decided row in the requirements table, and no row names a command that is gone', () => {
    expect(Object.keys(COMMAND_ROLES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s may be run by exactly %j', (command, roles) => {
    for (const role of ROLES) expect(mayRun(role, command as CommandName), `${role} ${command}`).toBe(roles.includes(role));
  });

  it('docs/protocol.md documents every command with the same roles', () => {
    const documented = documentedRoles();
    for (const [command, roles] of Object.entries(EXPECTED)) {
      expect(documented.has(command), `${command} is missing from docs/protocol.md`).toBe(true);
      expect(sorted(documented.get(command)!), command).toEqual(sorted(roles));
    }
  });

  // Rules from the requirements that hold for every command, the ones added later included.
  it('the studio big screen changes nothing: it reads the catalogue and follows the episode', () => {
    expect((Object.keys(COMMAND_ROLES) as CommandName[]).filter((c) => mayRun('screen', c)).sort()).toEqual(['catalogue:get', 'episode:sync']);
  });

  it('a unit liaison never runs a studio command', () => {
    const studio = (Object.keys(COMMAND_ROLES) as CommandName[]).filter((c) => /^(appeal|queue|message|episode|feedback):/.test(c));
    for (const command of studio) expect(mayRun('unit', command), command).toBe(false);
  });

  it('only the admin changes the catalogue, accounts, display links and the calendar', () => {
    const keeping = (Object.keys(COMMAND_ROLES) as CommandName[]).filter((c) => /^(unit|person|account|displayLink|calendar):/.test(c));
    for (const command of keeping) for (const role of ROLES) expect(mayRun(role, command), `${role} ${command}`).toBe(role === 'admin');
  });
});

describe('who sees the caller’s full name and phone', () => {
  // DESIGN §4: "the studio screen and leader panel never receive a full phone number; operators and
  // follow-up staff do"; issue 4: liaisons receive masked callers; protocol.md §6: the admin sees them.
  it.each([
    ['admin', true],
    ['operator', true],
    ['followup', true],
    ['leader', false],
    ['screen', false],
    ['unit', false],
  ] as const)('%s → %s', (role, sees) => {
    expect(seesCallerDetails(role)).toBe(sees);
  });
});
