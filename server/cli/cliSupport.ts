import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Shared plumbing of the command-line tools: bilingual errors with fixed exit codes, and argument
 * parsing that turns Node's English parse errors into a sentence in both languages.
 */

/** Exit code for a bad argument or a data folder that is missing or not ours. */
export const EXIT_USAGE = 2;
/** Exit code for anything else that went wrong (unreadable file, a refused command). */
export const EXIT_FAILURE = 1;

/** A problem the person typing the command can fix: printed without a stack, exit code 2. */
export class UsageError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
  ) {
    super(`${zh}\n${en}`);
    this.name = 'UsageError';
  }
}

/** Parse argv strictly (unknown options and stray words are errors), in zh-CN and English. */
/** The options every data-folder command takes: which year, which folder, quiet, help. */
export const FOLDER_COMMAND_OPTIONS = {
  year: { type: 'string' },
  data: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCliArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
    switch (code) {
      case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
        throw new UsageError(`未知参数：${option}`, `Unknown option: ${option}`);
      case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
        throw new UsageError(`多余的参数：${/'([^']+)'/.exec(message)?.[1] ?? ''}（参数都以 -- 开头，例如 --year 2025）`, `Unexpected argument (options start with --, e.g. --year 2025): ${message}`);
      case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
        throw new UsageError(`参数 ${option} 缺少取值或取值不对`, `Option ${option} needs a value: ${message}`);
      default:
        throw new UsageError(`参数有误：${message}`, `Bad arguments: ${message}`);
    }
  }
}

/** An integer year the reports accept (the same range as the reports:annual command). */
export function parseYear(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError('缺少 --year（例如 --year 2025）', 'Missing --year (e.g. --year 2025).');
  const year = /^\d{4}$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new UsageError(`年份必须是 2000–2100 之间的四位整数，收到「${raw}」`, `--year must be a whole year between 2000 and 2100, got "${raw}".`);
  }
  return year;
}

/** One of the allowed words, or a bilingual error naming them. */
export function parseChoice<C extends string>(raw: string | undefined, name: string, choices: readonly C[], fallback: C): C {
  if (raw === undefined) return fallback;
  if ((choices as readonly string[]).includes(raw)) return raw as C;
  throw new UsageError(`--${name} 只能是 ${choices.join(' / ')}，收到「${raw}」`, `--${name} must be one of ${choices.join(', ')}, got "${raw}".`);
}

/**
 * Run a CLI's main and exit with its code: 0 on success, 2 for usage errors (message only, both
 * languages), 1 for anything else (message, and the stack when DEBUG is set).
 */
export function runCli(main: () => Promise<void>, usage: string): void {
  main().then(
    () => {
      process.exitCode = 0;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`错误：${error.zh}\nError: ${error.en}\n${usage}\n（--help 查看全部参数 / --help for every option）\n`);
        process.exitCode = EXIT_USAGE;
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`失败 failed: ${message}\n`);
      if (process.env.DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
