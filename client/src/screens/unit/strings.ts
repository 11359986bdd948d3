/**
 * zh-CN text of the unit view (本单位督办), a unit liaison's screen. The pieces it shares with the
 * follow-up desk (list, counts, satisfaction, history) carry their own text in ../followup/strings.ts.
 */
export const unitStrings = {
  title: '本单位督办',
  heading: (unit: string) => `本单位督办 · ${unit}`,
  noUnit: '这个账号没有绑定单位，请联系节目管理员。',
  emptyAll: '本单位暂无直播后督办事项。节目中转交本单位办理的诉求会出现在这里。',
  actionsLabel: '本单位办理',
  actions: { reply: '答复', extension: '申请延期' },
  submitLabels: { reply: '提交答复', extension: '提交申请' },
  replyText: '答复内容',
  replyHint: '写明办理情况和结果，提交后由督办人员回访市民。',
  replyDone: '答复已提交，等待督办人员回访。',
  workdays: '延期工作日数',
  workdaysUnit: '个工作日',
  extensionReason: '延期理由',
  extensionDone: '延期申请已提交，等待督办人员审核。',
  extensionPreview: (date: string) => `如获同意，期限将延至${date}`,
  unavailable: (why: string) => `当前不能进行：${why}`,
  waiting: '已答复，等待督办人员回访市民。',
  closed: '这条督办已办结。',
} as const;
