import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { RETRY_AFTER_SECONDS, isDependencyOutage } from './outage';

/** One error body for every failure: `{ success: false, statusCode, error, message, details? }`. */
export interface ErrorBody {
  success: false;
  statusCode: number;
  error: string;
  message: string;
  /** One entry per rejected field, e.g. "callSettings.maxConcurrentCalls must not be less than 1". */
  details?: string[];
}

/** PostgreSQL rejected a value the validation let through (bad text encoding, numeric overflow). */
const INVALID_INPUT_CODES = new Set(['22P02', '22001', '22003', '22021', '22007', '22008']);

function statusName(status: number): string {
  return (HttpStatus[status] ?? 'ERROR')
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

/** Express middleware errors (malformed JSON, a body over the limit) carry their own 4xx status. */
function middlewareStatus(exception: unknown): number | undefined {
  const status = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.bodyFor(exception);
    if (body.statusCode >= 500) {
      // The client gets a reference, never internals; the log has the cause under the same reference.
      const reference = randomUUID().slice(0, 8);
      body.message = `${body.message} (reference ${reference})`;
      this.logger.error(`[${reference}] ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    // Every 503 is an outage (a dependency unreachable, or readiness failing): tell clients when to try again.
    if (body.statusCode === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    response.status(body.statusCode).json(body);
  }

  private bodyFor(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : (raw as { message?: unknown }).message;
      if (Array.isArray(message)) {
        const details = message.map(String);
        return { success: false, statusCode: status, error: statusName(status), message: details.join('; '), details };
      }
      const extra = typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
      return {
        ...extra,
        success: false,
        statusCode: status,
        error: statusName(status),
        message: typeof message === 'string' ? message : exception.message,
      };
    }
    if (exception instanceof QueryFailedError && INVALID_INPUT_CODES.has((exception.driverError as { code?: string }).code ?? '')) {
      return { success: false, statusCode: 400, error: 'Bad Request', message: `Invalid value: ${exception.message}` };
    }
    if (isDependencyOutage(exception)) {
      return { success: false, statusCode: 503, error: 'Service Unavailable', message: `The database or Temporal is unreachable; retry in ${RETRY_AFTER_SECONDS} s` };
    }
    const status = middlewareStatus(exception);
    if (status) {
      const message = exception instanceof Error ? exception.message : 'Malformed request';
      return { success: false, statusCode: status, error: statusName(status), message };
    }
    return { success: false, statusCode: 500, error: 'Internal Server Error', message: 'Internal server error' };
  }
}
