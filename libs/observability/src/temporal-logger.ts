import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import type { StructuredLogger } from './logger';

const METHOD = { TRACE: 'verbose', DEBUG: 'debug', INFO: 'log', WARN: 'warn', ERROR: 'error' } as const;

/**
 * The Temporal SDK's logger (workflow `log`, activity logs, the worker's own and Core's) writing through the
 * dialer's logger: one format, one threshold, and the workflow id the SDK attaches lifted onto the line.
 */
export class TemporalLogger implements Logger {
  constructor(private readonly logger: StructuredLogger) {}

  log(level: LogLevel, message: string, meta: LogMetadata = {}): void {
    const { sdkComponent, ...rest } = meta as { sdkComponent?: unknown } & Record<string, unknown>;
    const context = `temporal.${typeof sdkComponent === 'string' ? sdkComponent : 'sdk'}`;
    this.logger[METHOD[level]](message, ...(Object.keys(rest).length ? [rest] : []), context);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
