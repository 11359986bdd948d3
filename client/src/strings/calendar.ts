/** zh-CN strings of the calendar coverage warning, shown on /admin and /followup. */
export const calendarStrings = {
  gapStarted: (year: number) => `${year} 年的法定节假日安排尚未录入：办理期限正把春节等假日算作工作日。`,
  gapAhead: (year: number) => `${year} 年的法定节假日安排尚未录入：跨年的办理期限会把春节等假日算作工作日。`,
  adminAction: '请在「工作日历」中粘贴国务院办公厅的节假日安排通知（或上传 CSV / ICS）导入。',
  deskAction: '请联系节目管理员在「工作日历」中导入国务院公布的安排。',
};
