import { appealInput, commandId, connectAs, ok, type Studio } from './testServer';

/**
 * The studio's own episode run and ended with one appeal handed over, replied to by the unit and
 * rated 满意 on callback: what a later feedback episode reports on.
 */
export async function earlierEpisodeWithOutcome(studio: Studio, summary = '小区路灯坏了半年') {
  const { admin, operator, episodeId, unitId, server } = studio;
  await ok(operator, 'episode:start', { commandId: commandId(), episodeId });
  const { appeal } = await ok(operator, 'appeal:create', appealInput(episodeId, { summary }));
  await ok(operator, 'episode:end', { commandId: commandId(), episodeId });
  const liaison = await connectAs(server, admin, 'unit', unitId);
  const followup = await connectAs(server, admin, 'followup');
  let version = server.app.studio.state(episodeId).appeals[appeal.id].version;
  const ref = () => ({ commandId: commandId(), episodeId, appealId: appeal.id, expectedVersion: version });
  version = (await ok(liaison, 'supervision:reply', { ...ref(), text: '已更换全部路灯' })).appeal.version;
  await ok(followup, 'supervision:callBack', { ...ref(), outcome: 'reached', rating: 'satisfied', note: '' });
  liaison.disconnect();
  followup.disconnect();
  return appeal;
}
