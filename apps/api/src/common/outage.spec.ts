import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { DatabaseError } from 'pg';
import { QueryFailedError } from 'typeorm';
import { isDependencyOutage } from './outage';

/** An error as node:net reports it. */
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:54329`), { code, syscall: 'connect' });

/** An error as PostgreSQL reports it, with its SQLSTATE. */
function sqlError(code: string, message: string): DatabaseError {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return error;
}

const query = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

/** A gRPC status as @grpc/grpc-js rejects a call with it. */
const grpcError = (code: number, details: string) => Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });

describe(isDependencyOutage.name, () => {
  it('recognises PostgreSQL refusing, dropping or shutting down connections, however TypeORM wraps it', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT']) {
      expect(isDependencyOutage(socketError(code))).toBe(true);
      expect(isDependencyOutage(query(socketError(code)))).toBe(true);
    }
    // Connecting to "localhost" tries each address, and reports them together.
    expect(isDependencyOutage(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')], 'connect failed'))).toBe(true);
    expect(isDependencyOutage(query(new Error('Connection terminated unexpectedly')))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated due to connection timeout'))).toBe(true);
    expect(isDependencyOutage(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDependencyOutage(query(sqlError('57P01', 'terminating connection due to administrator command')))).toBe(true);
    expect(isDependencyOutage(sqlError('57P02', 'terminating connection because of crash of another server process'))).toBe(true);
    expect(isDependencyOutage(sqlError('57P03', 'the database system is starting up'))).toBe(true);
    expect(isDependencyOutage(query(sqlError('08006', 'connection failure')))).toBe(true);
    expect(isDependencyOutage(sqlError('08P01', 'protocol violation'))).toBe(true);
  });

  it('recognises Temporal unreachable or not answering in time, bare or as the client wraps it', () => {
    const unavailable = grpcError(14, 'No connection established');
    expect(isDependencyOutage(unavailable)).toBe(true);
    expect(isDependencyOutage(new ServiceError('Failed to describe workflow', { cause: unavailable }))).toBe(true);
    expect(isDependencyOutage(new ServiceError('Failed to query workflow', { cause: grpcError(4, 'Deadline exceeded') }))).toBe(true);
  });

  it('leaves our own failures and answers that did arrive to be what they are', () => {
    expect(isDependencyOutage(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDependencyOutage(new TypeError('x is not a function'))).toBe(false);
    expect(isDependencyOutage(query(sqlError('23505', 'duplicate key value violates unique constraint')))).toBe(false);
    expect(isDependencyOutage(query(sqlError('42P01', 'relation "nope" does not exist')))).toBe(false);
    expect(isDependencyOutage(query(sqlError('57014', 'canceling statement due to statement timeout')))).toBe(false);
    expect(isDependencyOutage(new ServiceError('Failed to start workflow', { cause: grpcError(3, 'invalid argument') }))).toBe(false);
    expect(isDependencyOutage(new ServiceError('Failed to query workflow', { cause: grpcError(13, 'internal') }))).toBe(false);
    expect(isDependencyOutage(new WorkflowNotFoundError('not found', 'wf', undefined))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
    expect(isDependencyOutage('ECONNREFUSED')).toBe(false);
  });

  it('ends on a cause chain that loops', () => {
    const looping: Error & { cause?: unknown } = new Error('outer');
    looping.cause = new Error('inner', { cause: looping });
    expect(isDependencyOutage(looping)).toBe(false);
  });
});
