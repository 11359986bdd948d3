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
  resyncing: '正在恢复最新直播内容…',
  noEpisode: '今日暂无直播节目',
  principal: '主要负责人',
} as const;
