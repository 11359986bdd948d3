import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../shared/domain/types';
import type { CommandName } from '../../shared/protocol/events';
import { COMMAND_ROLES, ROLES_SEEING_CALLER, mayRun, seesCallerDetails } from '../../shared/protocol/permissions';

const COMMANDS = Object.keys(COMMAND_ROLES) as CommandName[];
/** Every appeal or queue command, reads included: computed, so a new one is covered too. */
const APPEAL_COMMANDS = COMMANDS.filter((c) => c.startsWith('appeal:') || c.startsWith('queue:'));
/** The commands that change an appeal or the queue during the show. */
const STUDIO_WRITES = [
  'appeal:create',
  'appeal:update',
  'appeal:screen',
  'appeal:putOnAir',
  'appeal:answerOnAir',
  'appeal:handOver',
  'appeal:markInvalid',
  'queue:reorder',
  'message:send',
  'episode:start',
  'episode:end',
] as const satisfies readonly CommandName[];

/**
 * Who may run what, written out from DESIGN.md §2 independently of the code. Commands added later
 * (other engineers are extending the map) are checked by the rules below, not by this table.
 */
const EXPECTED: Partial<Record<CommandName, Role[]>> = {
  'catalogue:get': ['admin', 'operator', 'leader', 'screen', 'followup', 'unit'],
  'unit:save': ['admin'],
  'person:save': ['admin'],
  'account:create': ['admin'],
  'displayLink:create': ['admin'],
  'episode:plan': ['admin'],
  'episode:update': ['admin'],
  'episode:start': ['admin', 'operator'],
  'episode:end': ['admin', 'operator'],
  'episode:sync': ['admin', 'operator', 'leader', 'screen', 'followup'],
  'appeal:create': ['operator'],
  'appeal:update': ['operator'],
  'appeal:screen': ['operator'],
  'appeal:putOnAir': ['operator'],
  'appeal:answerOnAir': ['operator', 'leader'],
  'appeal:handOver': ['operator', 'leader'],
  'appeal:markInvalid': ['operator'],
  'queue:reorder': ['operator'],
  'message:send': ['operator'],
  'message:markRead': ['leader'],
};

describe('who may run which command', () => {
  it.each(Object.entries(EXPECTED))('%s is run by exactly %j', (command, roles) => {
    expect(COMMAND_ROLES[command as CommandName]).toEqual(roles);
  });

  it('every command is in the table (mayRun never meets an unknown command)', () => {
    for (const command of Object.keys(EXPECTED)) expect(COMMANDS).toContain(command);
    for (const command of COMMANDS) expect(Array.isArray(COMMAND_ROLES[command]), command).toBe(true);
  });

  it('names only known roles', () => {
    for (const roles of Object.values(COMMAND_ROLES)) for (const role of roles) expect(ROLES).toContain(role);
  });

  it('the appeal commands include every studio write on appeals and the queue', () => {
    for (const command of STUDIO_WRITES.filter((c) => c.startsWith('appeal:') || c.startsWith('queue:'))) expect(APPEAL_COMMANDS).toContain(command);
  });

  it.each(APPEAL_COMMANDS)('the studio screen may not run %s', (command) => {
    expect(mayRun('screen', command)).toBe(false);
  });

  it('the studio screen only reads: it may sync the episode and change nothing', () => {
    expect(mayRun('screen', 'episode:sync')).toBe(true);
    for (const command of STUDIO_WRITES) expect(mayRun('screen', command), command).toBe(false);
    for (const command of COMMANDS.filter((c) => c.endsWith(':save') || c.endsWith(':create') || c.endsWith(':plan') || c.endsWith(':update'))) {
      expect(mayRun('screen', command), command).toBe(false);
    }
  });

  it('the leader may not create, screen, reorder, put on air or mark invalid', () => {
    for (const command of ['appeal:create', 'appeal:update', 'appeal:screen', 'appeal:putOnAir', 'appeal:markInvalid', 'queue:reorder'] as const) {
      expect(mayRun('leader', command), command).toBe(false);
    }
  });

  it('the leader may close the call on air and read studio messages', () => {
    expect(mayRun('leader', 'appeal:answerOnAir')).toBe(true);
    expect(mayRun('leader', 'appeal:handOver')).toBe(true);
    expect(mayRun('leader', 'message:markRead')).toBe(true);
    expect(mayRun('leader', 'message:send')).toBe(false);
  });

  it('a unit liaison may not sync episodes nor run any studio command', () => {
    expect(mayRun('unit', 'episode:sync')).toBe(false);
    for (const command of [...STUDIO_WRITES, 'message:markRead'] as const) expect(mayRun('unit', command), command).toBe(false);
  });

  it('follow-up staff do not act in the studio but may follow the episode', () => {
    expect(mayRun('followup', 'episode:sync')).toBe(true);
    for (const command of [...STUDIO_WRITES, 'message:markRead'] as const) expect(mayRun('followup', command), command).toBe(false);
  });

  it('only the operator and admin start and end the show', () => {
    for (const role of ROLES) {
      expect(mayRun(role, 'episode:start'), role).toBe(role === 'admin' || role === 'operator');
      expect(mayRun(role, 'episode:end'), role).toBe(role === 'admin' || role === 'operator');
    }
  });

  it('only admins keep the catalogue and plan episodes', () => {
    for (const command of ['unit:save', 'person:save', 'account:create', 'displayLink:create', 'episode:plan', 'episode:update'] as const) {
      for (const role of ROLES) expect(mayRun(role, command), `${role} ${command}`).toBe(role === 'admin');
    }
  });
});

describe('who sees the caller’s full name and phone', () => {
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

  it('the list is exactly admin, operator and follow-up', () => {
    expect([...ROLES_SEEING_CALLER].sort()).toEqual(['admin', 'followup', 'operator']);
  });
});
