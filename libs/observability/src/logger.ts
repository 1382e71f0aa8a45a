import { inspect } from 'node:util';
import type { LoggerService } from '@nestjs/common';
import { LOG_CONTEXT_KEYS, type LogContext, currentLogContext, definedIds } from './log-context';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'verbose';
/** LOG_LEVEL: the least severe level written; fatal is always written. */
export type LogThreshold = Exclude<LogLevel, 'fatal'>;
export type LogFormat = 'json' | 'pretty';

const SEVERITY: Record<LogLevel, number> = { fatal: 0, error: 1, warn: 2, info: 3, debug: 4, verbose: 5 };

/**
 * Nest's start-up chatter: a line per module, per controller and per mapped route. Written at debug, so the
 * start-up says little more than where the API listens.
 */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestFactory', 'NestApplication']);

/** Node's rendering of a value JSON cannot carry, kept to one line. */
const INSPECT_ONE_LINE = { depth: 4, breakLength: Infinity, compact: true } as const;

/** A stack as Error.stack writes it: a first line, then "    at ..." frames. */
const STACK = /\n\s+at .+/;

export interface LogRecord extends LogContext {
  time: string;
  level: LogLevel;
  message: string;
  context?: string;
  stack?: string;
  error?: { name: string; message: string; stack?: string };
  details?: unknown[];
}

export interface StructuredLoggerOptions {
  format: LogFormat;
  level: LogThreshold;
  /** Where each finished line goes; standard output by default (one stream keeps the lines in order). */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * The API's and the worker's Nest logger: JSON lines (one object a line) for log collectors, or plain text
 * for a terminal. Lines below the threshold are dropped; the ids of the current log context (an activity's
 * workflow and call, say) go on every line, as do those found in a metadata object passed with the message.
 */
export class StructuredLogger implements LoggerService {
  private readonly write: (line: string) => void;
  private readonly now: () => Date;

  constructor(private readonly options: StructuredLoggerOptions) {
    this.write = options.write ?? ((line) => process.stdout.write(`${line}\n`));
    this.now = options.now ?? (() => new Date());
  }

  log(message: unknown, ...params: unknown[]): void {
    this.emit('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.emit('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.emit('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.emit('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.emit('verbose', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.emit('fatal', message, params);
  }

  isEnabled(level: LogLevel): boolean {
    return SEVERITY[level] <= SEVERITY[this.options.level];
  }

  /** Builds the record of one call, as Nest's loggers read their arguments: a trailing string names the context. */
  record(level: LogLevel, message: unknown, params: unknown[]): LogRecord {
    const rest = params.filter((param) => param !== undefined);
    const last = rest.at(-1);
    const context = typeof last === 'string' && !STACK.test(last) ? last : undefined;
    if (context !== undefined) rest.pop();
    const record: LogRecord = { time: this.now().toISOString(), level, message: '', ...currentLogContext() };
    if (context !== undefined) record.context = context;
    if (message instanceof Error) {
      record.message = message.message;
      record.error = serializeError(message);
    } else {
      record.message = typeof message === 'string' ? message : inspect(message, INSPECT_ONE_LINE);
    }
    const details: unknown[] = [];
    for (const param of rest) {
      if (typeof param === 'string' && STACK.test(param)) record.stack = param;
      else if (param instanceof Error) record.error = serializeError(param);
      else {
        Object.assign(record, definedIds(param));
        const detail = withoutIds(param);
        if (detail !== undefined) details.push(detail);
      }
    }
    if (details.length) record.details = details;
    return record;
  }

  private emit(requested: LogLevel, message: unknown, params: unknown[]): void {
    const record = this.record(requested, message, params);
    // Demoted at the record, so its level says what it is written as.
    if (requested === 'info' && record.context !== undefined && START_UP_CONTEXTS.has(record.context)) record.level = 'debug';
    if (!this.isEnabled(record.level)) return;
    this.write(this.options.format === 'json' ? jsonLine(record) : textLine(record));
  }
}

/** A metadata object less the ids lifted onto the record; nothing when only ids were in it. */
function withoutIds(param: unknown): unknown {
  if (typeof param !== 'object' || param === null || Array.isArray(param)) return param;
  const rest = Object.fromEntries(Object.entries(param).filter(([key]) => !(LOG_CONTEXT_KEYS as readonly string[]).includes(key)));
  return Object.keys(rest).length ? rest : undefined;
}

function serializeError(error: Error): NonNullable<LogRecord['error']> {
  return { name: error.name, message: error.message, stack: error.stack };
}

/** One JSON object; values JSON cannot carry (cycles, bigints) are written as Node inspects them. */
function jsonLine(record: LogRecord): string {
  try {
    return JSON.stringify(record);
  } catch {
    return JSON.stringify({ ...record, details: record.details?.map((detail) => inspect(detail, INSPECT_ONE_LINE)) });
  }
}

function textLine(record: LogRecord): string {
  const { time, level, message, context, stack, error, details, ...ids } = record;
  const parts = [time, level.toUpperCase().padEnd(7), context ? `[${context}] ${message}` : message];
  for (const [key, value] of Object.entries(ids)) parts.push(`${key}=${String(value)}`);
  for (const detail of details ?? []) parts.push(inspect(detail, INSPECT_ONE_LINE));
  const trace = stack ?? error?.stack;
  return trace ? `${parts.join(' ')}\n${trace}` : parts.join(' ');
}
