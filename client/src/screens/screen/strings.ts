/** zh-CN text of the studio big screen. */
export const screenStrings = {
  programme: '政风热线',
  episode: (year: number, number: number) => `${year}年第${number}期`,
  onAir: '正在播出',
  callNo: (no: number) => `第${no}号来电`,
  nothingOnAir: '请稍候，下一位市民的诉求即将接入',
  notLive: { planned: '节目即将开始', ended: '本期节目已结束，感谢收看' },
  next: '接下来',
  queueEmpty: '暂无待播诉求',
  leadersOnAir: '上线嘉宾',
  elapsed: '直播已进行',
  counters: { received: '收到诉求', answeredOnAir: '现场回应', supervised: '直播后督办' },
  channels: { hotline: '12345热线', studio: '直播热线', online: '网络留言' },
  disconnected: '大屏连接中断，正在自动重连…',
  /** The server cut the screen because its network could not keep up (a weak Wi-Fi): it comes back by itself. */
  tooSlow: '网络太慢，跟不上直播，正在重新连接并同步…',
  resyncing: '正在恢复最新直播内容…',
  noEpisode: '今日暂无直播节目',
  /** While the producer has hidden the wall: neutral, nothing of any caller, no hint of why. */
  standby: '直播进行中，请继续收看',
  principal: '主要负责人',
  /**
   * What the wall shows once its display link was withdrawn (revoked, replaced, or no longer valid):
   * a plain notice, no form. The server's page for a withdrawn link says the same.
   */
  withdrawn: {
    title: '本大屏已停用',
    body: '这块大屏的链接已被节目管理员收回或已失效，这里不再显示直播内容。',
    help: '如需继续使用，请向节目管理员索取新的大屏链接。',
  },
  feedback: {
    heading: '回访报道',
    source: (year: number, number: number, no: number) => `${year}年第${number}期 · 第${no}号诉求`,
    unit: '承办单位',
    reply: '办理结果',
    rating: '市民评价',
    status: { with_unit: '办理中', replied: '已答复，回访中', closed: '已办结' },
    noReply: '单位尚未答复',
  },
} as const;
