import pino, { type Logger } from 'pino';

/** Structured logs (pino): one JSON line per event, errors with their stack, never sent to a client. */
export function createLogger(level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info')): Logger {
  return pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
}
