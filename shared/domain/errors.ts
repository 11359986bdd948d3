/**
 * Stable error codes (English, for code and logs) with the Chinese sentence the person on screen
 * reads. A client shows `message`; it switches on `code`.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: '提交的内容不完整或格式不对，请检查后重试。',
  UNKNOWN_COMMAND: '系统不认识这个操作，请刷新页面后重试。',
  PROTOCOL_OUTDATED: '系统已经升级，这个页面是旧版本，请刷新页面后继续。',
  UNAUTHORIZED: '登录已失效，请重新登录。',
  FORBIDDEN: '您的账号没有这项操作的权限。',
  LOGIN_FAILED: '用户名或密码不正确。',
  RATE_LIMITED: '尝试次数过多，请稍后再试。',
  NOT_FOUND: '找不到要操作的记录，可能已被删除或链接有误。',
  EPISODE_NOT_FOUND: '找不到这一期节目，请刷新节目列表。',
  APPEAL_NOT_FOUND: '找不到这条诉求，请刷新后重试。',
  EPISODE_NOT_LIVE: '节目尚未开始直播，不能进行这项操作。',
  EPISODE_ENDED: '本期节目已结束，直播环节的操作已关闭。',
  EPISODE_ALREADY_LIVE: '本期节目已在直播中。',
  ILLEGAL_TRANSITION: '这条诉求当前的状态不允许这项操作。',
  ANOTHER_ON_AIR: '已有一条诉求正在播出，请先处理完当前诉求。',
  QUEUE_MISMATCH: '待播队列已变化，请按最新队列重新排序。',
  CONFLICT: '这条记录刚被其他人修改，已为您载入最新内容，请确认后再操作。',
  DUPLICATE: '已存在相同编号或名称的记录。',
  COMMAND_ID_REUSED: '同一操作编号被用于不同内容，请刷新页面后重试。',
  STORAGE_FAILED: '保存到磁盘失败，本次操作未生效。请通知技术人员检查服务器磁盘。',
  PAYLOAD_TOO_LARGE: '提交的内容过大。',
  STORAGE_FULL: '服务器磁盘已满，暂时无法登录或保存。请通知技术人员清理磁盘空间，清理后可立即重试。',
  BUSY: '服务器正忙（同时登录的人太多），请几秒后再试。',
  // Budgets per connection (server/realtime/connectionBudget.ts): one socket can never hold the show up.
  TOO_MANY_PENDING: '您的操作太多，服务器还在处理之前的请求，本次操作未执行，请稍后再试。',
  SYNC_TOO_FREQUENT: '同步请求过于频繁，本次未执行，请稍后再试。',
  CONNECTION_TOO_SLOW: '网络太慢，跟不上直播，已断开并将重新同步。',
  INTERNAL: '服务器出现意外错误，本次操作未生效，请重试或联系技术人员。',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/**
 * The more exact sentences some refusals and session ends carry instead of their code's standard
 * one: every sentence a person reads from the server lives in this file.
 */
export const ERROR_DETAILS = {
  /** GET /metrics (server/http/metricsRoutes.ts). */
  metricsOff: '监控指标未开启：请设置 METRICS_TOKEN（抓取时带 Authorization: Bearer 令牌）或 METRICS_ALLOW（允许的地址或网段）。',
  metricsForbidden: '无权读取监控指标：请带上正确的令牌，或从 METRICS_ALLOW 允许的地址访问。',
  metricsFailed: '监控指标暂时无法生成，请稍后再试。',
  /** RATE_LIMITED at login. */
  busyAddress: '同一网络同时登录的人较多，请稍等一秒再试。',
  accountBackoff: (seconds: number) => `该账号密码错误次数过多，请 ${seconds} 秒后再试。`,
  accountLoggingIn: '该账号正在登录，请稍后再试。',
  loginsTooFrequent: '登录过于频繁，请稍后再试。',
  /** The account must change its generated or admin-set password before anything else (FORBIDDEN, and the socket handshake). */
  passwordChangeRequired: '首次登录须先修改密码，修改后才能使用系统。',
  /** POST /api/password with a wrong current password. */
  wrongCurrentPassword: '当前密码不正确。',
  /** Display links (an HTML page, not an ack). */
  displayVisitsFromAddress: '打开大屏链接的次数过多，请稍后再试。',
  displayVisitsOfLink: '这个大屏链接被打开的次数过多，请稍后再试。',
  /** SYNC_TOO_FREQUENT. */
  syncWait: (seconds: number) => `同步请求过于频繁，本次未执行，请 ${seconds} 秒后再试。`,
  syncStillSending: '上一次同步的数据还在传送中，本次未执行，请稍后再试。',
  /** The HTTP API for other systems (/api/v1, server/http/api/): a key per system, made on /admin. */
  apiKeyMissing: '缺少接口密钥：请在请求头中带上 Authorization: Bearer zfk_…（密钥由节目管理员在管理后台「接口密钥」中创建）。',
  apiKeyInvalid: '接口密钥无效：请检查密钥是否完整、有没有抄错。',
  apiKeyRevoked: '这个接口密钥已被停用，请向节目管理员索取新的密钥。',
  apiKeyOutOfScope: (command: string) => `这个接口密钥无权执行“${command}”：请节目管理员创建一个包含这项操作的密钥。`,
  apiThrottled: (seconds: number) => `接口调用过于频繁，本次未执行，请 ${seconds} 秒后再试。`,
  apiUnknownRoute: '没有这个接口：请对照 /api/v1/openapi.json 检查地址和请求方法。',
  apiNotJson: '请求体必须是 JSON（请求头 Content-Type: application/json）。',
  apiIdempotencyKeyMissing: '缺少 Idempotency-Key 请求头：会修改数据的操作必须带一个操作编号（8–100 位字母、数字或 _ . : -），重试时带同一个编号。',
  apiIdempotencyKeyBad: 'Idempotency-Key 请求头格式不对：应为 8–100 位字母、数字或 _ . : -。',
  apiCommandIdMismatch: '请求体里的 commandId 与 Idempotency-Key 请求头不一致：请只用 Idempotency-Key。',
  /** The client was never built: a plain-text page. */
  clientNotBuilt: '前端尚未构建：请先运行 npm run build（npm start 会自动构建）。',
} as const;

/** Why a session ended, as `session:ended` tells the screen. */
export const SESSION_END_REASONS = {
  tooManyLogins: '同一账号登录的地方过多，最早的登录已自动退出。',
  loggedOut: '您已退出登录。',
  accountDisabled: '该账号已被停用。',
  displayLinkRevoked: '大屏链接已停用。',
  /** Unused longer than its role allows (SESSION_IDLE_MINUTES_<ROLE>). */
  idle: '长时间未操作，为保障账号安全已自动退出，请重新登录。',
  /** Another browser changed this account's password. */
  passwordChanged: '该账号的密码已修改，请用新密码重新登录。',
} as const;

/** A refused payload, with what exactly was wrong (a sentence from validationMessage.ts). */
export function validationFailed(detail: string): string {
  return `提交的内容不完整或格式不对，请检查后重试：${detail}`;
}

/** The error half of every ack envelope. `fresh` carries the current state on a CONFLICT. */
export interface CommandError {
  code: ErrorCode;
  message: string;
  /** Which field was wrong, when one was. */
  field?: string;
  fresh?: unknown;
}

/** A rule said no. Domain functions throw it; the service turns it into the ack's error half. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details: { field?: string; fresh?: unknown } = {},
  ) {
    super(message ?? ERROR_MESSAGES[code]);
    this.name = 'DomainError';
  }

  toCommandError(): CommandError {
    return { code: this.code, message: this.message, ...this.details };
  }
}

/** Build a DomainError with the standard sentence for its code. */
export function refuse(code: ErrorCode, message?: string, details?: { field?: string; fresh?: unknown }): DomainError {
  return new DomainError(code, message, details);
}
