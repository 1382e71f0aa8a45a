import { isGrpcServiceError } from '@temporalio/client';

/** What a 503 asks the client to wait, in seconds: about as long as a PostgreSQL restart takes. */
export const RETRY_AFTER_SECONDS = 5;

/** The socket could not be opened, or was lost. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** SQLSTATE admin_shutdown, crash_shutdown, cannot_connect_now (the server is starting or stopping). */
const SHUTDOWN_SQLSTATES = new Set(['57P01', '57P02', '57P03']);
/** What pg and pg-pool say when a connection ends or never comes, with no code to go by. */
const LOST_CONNECTION = /^(Connection terminated\b|timeout exceeded when trying to connect$|Client has encountered a connection error and is not queryable$)/;
/** gRPC status codes: the server cannot be reached, or did not answer in time. */
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/**
 * Whether PostgreSQL or Temporal was unreachable, as opposed to a failure of our own: only these become 503.
 * The failure may be wrapped (TypeORM's driverError, the Temporal client's ServiceError cause, an
 * AggregateError of connection attempts), so the whole chain is looked at.
 */
export function isDependencyOutage(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending = [error];
  while (pending.length > 0) {
    const current = pending.pop();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    if (isUnreachable(current)) return true;
    const { cause, driverError, errors } = current as { cause?: unknown; driverError?: unknown; errors?: unknown };
    pending.push(cause, driverError, ...(Array.isArray(errors) ? (errors as unknown[]) : []));
  }
  return false;
}

function isUnreachable(error: object): boolean {
  if (isGrpcServiceError(error)) return error.code === GRPC_UNAVAILABLE || error.code === GRPC_DEADLINE_EXCEEDED;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SHUTDOWN_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}
