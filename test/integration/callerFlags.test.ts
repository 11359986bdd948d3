import { afterEach, describe, expect, it } from 'vitest';
import { appealInput, buildStudio, commandId, connectAs, eventually, ok, send as sendAck, type ClientSocket, type Studio } from '../helpers/testServer';


/** The ack, loosely typed: these tests read `error` off refusals. */
const send = sendAck as (...args: Parameters<typeof sendAck>) => Promise<any>;
/*
 * Point 10 of issue 15, through the real server: caller flags kept by number, set by operators and
 * follow-up staff with a reason, read back at intake — and never reaching the big screen, the leader
 * panel or a unit liaison, whatever they ask for or listen to while the flagged caller goes on air.
 */

const PHONE = '13812341234'; // the number appealInput uses
const MALICIOUS = '多次辱骂接线员-理由甲';
const CARE = '独居高龄老人-理由乙';

/** Everything a socket receives, whatever the event. */
function recordAll(socket: ClientSocket): unknown[] {
  const seen: unknown[] = [];
  socket.onAny((event, ...args) => seen.push([event, ...args]));
  return seen;
}

describe('caller flags', () => {
  let studio: Studio;
  afterEach(async () => studio?.close());

  it('are set by the operator and the follow-up desk with a reason, kept by number, and read at intake', async () => {
    studio = await buildStudio();
    const followup = await connectAs(studio.server, studio.admin, 'followup');
    const { operator } = studio;
    await ok(operator, 'callerFlag:set', { commandId: commandId(), phone: PHONE, flag: 'malicious', reason: MALICIOUS });
    await ok(followup, 'callerFlag:set', { commandId: commandId(), phone: '+86 138-1234-1234', flag: 'care', reason: CARE });
    const { flags } = await ok(operator, 'callerFlag:list', { phone: '138 1234 1234' });
    expect(flags).toMatchObject([
      { flag: 'malicious', reason: MALICIOUS, by: { role: 'operator' } },
      { flag: 'care', reason: CARE, by: { role: 'followup' } },
    ]);
    expect(flags[0].at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // A reason is required; a number too short to name a caller is refused.
    expect((await send(operator, 'callerFlag:set', { commandId: commandId(), phone: PHONE, flag: 'repeat', reason: '' })).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'reason' });
    expect((await send(operator, 'callerFlag:set', { commandId: commandId(), phone: '12345', flag: 'repeat', reason: '测试' })).error.code).toBe('VALIDATION_FAILED');
    // Cleared with a reason; the audit keeps both.
    await ok(followup, 'callerFlag:clear', { commandId: commandId(), phone: PHONE, flag: 'malicious', reason: '核实为误会' });
    expect((await ok(operator, 'callerFlag:list', { phone: PHONE })).flags.map((f: { flag: string }) => f.flag)).toEqual(['care']);
    const audit = studio.server.app.catalogue.data.audit.filter((a) => a.target === `callerFlag:${PHONE}`);
    expect(audit.map((a) => a.command)).toEqual(['callerFlag:set', 'callerFlag:set', 'callerFlag:clear']);
    expect(JSON.stringify(audit.at(-1)!.changes)).toContain('核实为误会');
    // Durable: after a restart the flag is still there.
    const server = await studio.server.restart();
    const { connectWithCookie, login, ADMIN_PASSWORD } = await import('../helpers/testServer');
    const admin = await connectWithCookie(server.url, await login(server.url, 'admin', ADMIN_PASSWORD));
    expect((await ok(admin, 'callerFlag:list', { phone: PHONE })).flags).toMatchObject([{ flag: 'care', reason: CARE }]);
    admin.disconnect();
    followup.disconnect();
    await server.stop();
  });

  it('never reach the big screen, the leader panel or a unit liaison, even while the flagged caller is on air', async () => {
    studio = await buildStudio();
    const { admin, operator, leader, screen, episodeId } = studio;
    const unit = await connectAs(studio.server, admin, 'unit', studio.unitId);
    for (const socket of [leader, screen]) await ok(socket, 'episode:sync', { episodeId, sinceSeq: null });
    const heard = { leader: recordAll(leader), screen: recordAll(screen), unit: recordAll(unit) };

    await ok(operator, 'callerFlag:set', { commandId: commandId(), phone: PHONE, flag: 'malicious', reason: MALICIOUS });
    await ok(operator, 'callerFlag:set', { commandId: commandId(), phone: PHONE, flag: 'care', reason: CARE });
    // They may not ask for them, nor set them.
    for (const socket of [leader, screen, unit]) {
      expect((await send(socket, 'callerFlag:list', { phone: PHONE })).error.code).toBe('FORBIDDEN');
      expect((await send(socket, 'callerFlag:set', { commandId: commandId(), phone: PHONE, flag: 'care', reason: '越权' })).error.code).toBe('FORBIDDEN');
    }
    // The flagged caller calls, is put on air, answered and the episode ends.
    await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
    const appeal = (await ok(operator, 'appeal:create', appealInput(episodeId))).appeal;
    const queued = (await ok(operator, 'appeal:screen', { commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: appeal.version })).appeal;
    const onAir = (await ok(operator, 'appeal:putOnAir', { commandId: commandId(), episodeId, appealId: queued.id, expectedVersion: queued.version })).appeal;
    const history = await ok(leader, 'appeal:history', { episodeId, appealId: onAir.id });
    await ok(leader, 'appeal:handOver', { commandId: commandId(), episodeId, appealId: onAir.id, expectedVersion: onAir.version, reason: '需要现场核实' });
    await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
    await eventually(() => JSON.stringify(heard.screen).includes('episode.ended'));
    const reads = {
      leader: [await ok(leader, 'catalogue:get', {}), history],
      screen: [await ok(screen, 'catalogue:get', {})],
      unit: [await ok(unit, 'catalogue:get', {}), await ok(unit, 'supervision:list', {})],
    };
    for (const role of ['leader', 'screen', 'unit'] as const) {
      const all = JSON.stringify([heard[role], reads[role]]);
      expect(all, role).not.toContain(MALICIOUS);
      expect(all, role).not.toContain(CARE);
      expect(all, role).not.toMatch(/callerFlag|malicious|恶意来电|需要关怀/);
    }
    // The operator did see them at intake.
    expect(JSON.stringify(await ok(operator, 'callerFlag:list', { phone: PHONE }))).toContain(MALICIOUS);
    unit.disconnect();
  });
});
