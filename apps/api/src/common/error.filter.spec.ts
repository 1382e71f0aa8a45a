import { type ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { type ErrorBody, ErrorFilter } from './error.filter';

interface Sent {
  status?: number;
  headers?: Record<string, string>;
  body?: ErrorBody;
  ended: boolean;
}

function respond(exception: unknown, headersSent = false): Sent {
  const sent: Sent = { ended: false };
  const response = {
    headersSent,
    setHeader(name: string, value: string) {
      sent.headers = { ...sent.headers, [name]: value };
    },
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: ErrorBody) {
      sent.body = body;
    },
    end() {
      sent.ended = true;
    },
  };
  const host = { switchToHttp: () => ({ getResponse: () => response }) } as unknown as ArgumentsHost;
  new ErrorFilter().catch(exception, host);
  return sent;
}

describe(ErrorFilter.name, () => {
  it('lists each validation message and keeps the one body shape', () => {
    const sent = respond(new BadRequestException(['name must be a string', 'property owner should not exist']));
    expect(sent).toMatchObject({
      status: 400,
      body: { success: false, statusCode: 400, error: 'Bad Request', message: 'name must be a string; property owner should not exist', details: ['name must be a string', 'property owner should not exist'] },
    });
    expect(respond(new NotFoundException('Campaign x not found')).body).toEqual({ success: false, statusCode: 404, error: 'Not Found', message: 'Campaign x not found' });
    expect(respond(new HttpException({ status: 'unavailable', checks: [] }, 503)).body).toMatchObject({ statusCode: 503, status: 'unavailable', checks: [] });
  });

  it('answers a value PostgreSQL rejected and a malformed body as 400, not 500', () => {
    const invalid = new QueryFailedError('SELECT', [], Object.assign(new Error('invalid input syntax for type uuid'), { code: '22P02' }));
    expect(respond(invalid).status).toBe(400);
    expect(respond(Object.assign(new SyntaxError('Unexpected end of JSON input'), { status: 400, type: 'entity.parse.failed' })).body).toMatchObject({
      statusCode: 400,
      message: 'Unexpected end of JSON input',
    });
    expect(respond(Object.assign(new Error('request entity too large'), { statusCode: 413 })).status).toBe(413);
  });

  it('hides an unexpected failure behind a reference that the log repeats', () => {
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => {
      logged.push(String(message));
    });
    try {
      const sent = respond(new Error('connection to 10.0.0.5 refused, password=hunter2'));
      expect(sent.status).toBe(500);
      const reference = /\(reference ([0-9a-f]{8})\)$/.exec(sent.body?.message ?? '')?.[1];
      expect(reference).toBeDefined();
      expect(JSON.stringify(sent.body)).not.toContain('10.0.0.5');
      expect(logged).toHaveLength(1);
      expect(logged[0]).toContain(`[${reference}] Error: connection to 10.0.0.5 refused`);
    } finally {
      spy.mockRestore();
    }
  });

  it('answers PostgreSQL or Temporal out of reach as 503 with Retry-After, and a bug still as 500', () => {
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:54329'), { code: 'ECONNREFUSED' });
      const sent = respond(refused);
      expect(sent).toMatchObject({ status: 503, headers: { 'Retry-After': '5' }, body: { success: false, statusCode: 503, error: 'Service Unavailable' } });
      expect(sent.body?.message).not.toContain('54329');
      // Readiness answers its own 503, with the checks in the body.
      expect(respond(new HttpException({ status: 'unavailable', checks: [] }, 503)).headers).toEqual({ 'Retry-After': '5' });
      const bug = respond(new TypeError('x is not a function'));
      expect(bug.status).toBe(500);
      expect(bug.headers).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });

  it('ends a response whose headers already went out, such as a streamed export', () => {
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      expect(respond(new Error('stream broke'), true)).toEqual({ ended: true });
    } finally {
      spy.mockRestore();
    }
  });
});
