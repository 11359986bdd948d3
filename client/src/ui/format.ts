/** Chinese-style time formatting shared by the screens (Asia/Shanghai, 24-hour). */
const timeFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric', weekday: 'long' });

export const formatClock = (date: Date) => timeFormat.format(date);
const monthDayTime = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
/** 12月3日 09:30: when something came in, on another day than today. */
export function formatMonthDayTime(date: Date): string {
  const part = (type: string) => monthDayTime.formatToParts(date).find((p) => p.type === type)?.value ?? '';
  return `${part('month')}月${part('day')}日 ${part('hour')}:${part('minute')}`;
}
export const formatLongDate = (date: Date) => dateFormat.format(date);

/** 1:05:09 or 05:09: elapsed time of a broadcast or a call. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** The words of a waiting time; another language is another object of this shape. */
export const durationWords = {
  seconds: (n: number) => `${n}秒`,
  minutes: (n: number) => `${n}分钟`,
  hoursMinutes: (h: number, m: number) => `${h}小时${m}分`,
};

/** "3分钟" / "45秒": how long an appeal has waited. */
export function formatWait(ms: number, words = durationWords): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return words.seconds(seconds);
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? words.minutes(minutes) : words.hoursMinutes(Math.floor(minutes / 60), minutes % 60);
}
