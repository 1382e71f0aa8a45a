import { withLogContext } from './log-context';
import { type LogRecord, StructuredLogger, type StructuredLoggerOptions } from './logger';
import { TemporalLogger } from './temporal-logger';

const NOW = new Date('2025-01-02T03:04:05.678Z');

function capture(options: Partial<StructuredLoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = new StructuredLogger({ format: 'json', level: 'info', write: (line) => lines.push(line), now: () => NOW, ...options });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as LogRecord) };
}

describe(StructuredLogger.name, () => {
  it('writes one JSON object a line with time, level, message and the context name', () => {
    const { logger, lines, records } = capture();
    logger.log('worker polling task queue ai-dialer', 'DialerWorker');
    logger.warn('webhook sweep failed');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(records()).toEqual([
      { time: '2025-01-02T03:04:05.678Z', level: 'info', message: 'worker polling task queue ai-dialer', context: 'DialerWorker' },
      { time: '2025-01-02T03:04:05.678Z', level: 'warn', message: 'webhook sweep failed' },
    ]);
  });

  it('drops lines below its level, and always writes fatal ones', () => {
    const { logger, records } = capture({ level: 'warn' });
    logger.verbose('v');
    logger.debug('d');
    logger.log('i');
    logger.warn('w');
    logger.error('e');
    logger.fatal('f');
    expect(records().map((r) => r.level)).toEqual(['warn', 'error', 'fatal']);

    const verbose = capture({ level: 'verbose' });
    verbose.logger.verbose('v');
    verbose.logger.debug('d');
    expect(verbose.records().map((r) => r.level)).toEqual(['verbose', 'debug']);
  });

  it("writes Nest's start-up lines (modules, routes) at debug, so info leaves them out", () => {
    const { logger, records } = capture();
    logger.log('Mapped {/api/v1/health, GET} route', 'RouterExplorer');
    logger.log('HealthController {/api/v1/health}:', 'RoutesResolver');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('API listening on http://127.0.0.1:3000', 'Api');
    expect(records().map((r) => r.message)).toEqual(['API listening on http://127.0.0.1:3000']);

    const debug = capture({ level: 'debug' });
    debug.logger.log('Mapped {/api/v1/health, GET} route', 'RouterExplorer');
    expect(debug.records()).toEqual([expect.objectContaining({ level: 'debug', context: 'RouterExplorer' })]);
  });

  it('puts the ids of the current log context on every line, awaited work included', async () => {
    const { logger, records } = capture();
    await withLogContext({ organizationId: 'org-1', campaignId: 'camp-1' }, async () => {
      await withLogContext({ callId: 'call-1', workflowId: 'campaign/camp-1/contact/c/attempt/1' }, async () => {
        await new Promise((resolve) => setImmediate(resolve));
        logger.log('dialed', 'CallActivities');
      });
      logger.log('campaign step');
    });
    logger.log('outside');
    expect(records()).toEqual([
      expect.objectContaining({ message: 'dialed', organizationId: 'org-1', campaignId: 'camp-1', callId: 'call-1', workflowId: 'campaign/camp-1/contact/c/attempt/1' }),
      { time: NOW.toISOString(), level: 'info', message: 'campaign step', organizationId: 'org-1', campaignId: 'camp-1' },
      { time: NOW.toISOString(), level: 'info', message: 'outside' },
    ]);
  });

  it('lifts ids out of a metadata object and keeps the rest as details', () => {
    const { logger, records } = capture();
    logger.log('not dialed', { callId: 'call-2', reason: 'dnc' }, 'Gate');
    logger.log('only ids', { workflowId: 'wf-3' });
    expect(records()).toEqual([
      { time: NOW.toISOString(), level: 'info', message: 'not dialed', context: 'Gate', callId: 'call-2', details: [{ reason: 'dnc' }] },
      { time: NOW.toISOString(), level: 'info', message: 'only ids', workflowId: 'wf-3' },
    ]);
  });

  it('keeps errors and stacks as fields, however Nest passes them', () => {
    const { logger, records } = capture();
    const error = new TypeError('socket closed');
    logger.error('shutdown step failed', error, 'DialerWorker');
    logger.error('boom', error.stack, 'ExceptionsHandler');
    logger.error(error);
    // Nest's Logger passes an undefined stack before the context when given a message alone.
    logger.error('no stack', undefined, 'DialerWorker');
    const [withError, withStack, bare, alone] = records();
    expect(withError).toMatchObject({ message: 'shutdown step failed', context: 'DialerWorker', error: { name: 'TypeError', message: 'socket closed' } });
    expect(withError!.error!.stack).toContain('socket closed');
    expect(withStack).toMatchObject({ message: 'boom', context: 'ExceptionsHandler', stack: error.stack });
    expect(bare).toMatchObject({ message: 'socket closed', error: { name: 'TypeError' } });
    expect(alone).toEqual({ time: NOW.toISOString(), level: 'error', message: 'no stack', context: 'DialerWorker' });
  });

  it('writes what JSON cannot carry as Node prints it rather than losing the line', () => {
    const { logger, records } = capture();
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    logger.log('odd detail', cyclic, 1n);
    expect(records()[0]!.details).toEqual([expect.stringContaining('loop'), '1n']);
  });

  it('writes plain text for a terminal: time, level, context, message, ids', () => {
    const { logger, lines } = capture({ format: 'pretty' });
    withLogContext({ callId: 'call-4' }, () => logger.warn('playback failed', 'Conversation'));
    logger.error('crashed', new Error('bad'));
    expect(lines[0]).toBe('2025-01-02T03:04:05.678Z WARN    [Conversation] playback failed callId=call-4');
    expect(lines[1]).toMatch(/^2025-01-02T03:04:05.678Z ERROR   crashed\nError: bad\n\s+at /);
  });
});

describe(TemporalLogger.name, () => {
  it("writes the SDK's lines through the dialer's logger, with its component as context and the workflow id lifted", () => {
    const { logger, records } = capture({ level: 'debug' });
    const temporal = new TemporalLogger(logger);
    temporal.info('not dialed: compliance gate', { sdkComponent: 'workflow', workflowId: 'wf-1', reason: 'dnc' });
    temporal.trace('too fine');
    temporal.error('Worker failed', { sdkComponent: 'worker' });
    expect(records()).toEqual([
      { time: NOW.toISOString(), level: 'info', message: 'not dialed: compliance gate', context: 'temporal.workflow', workflowId: 'wf-1', details: [{ reason: 'dnc' }] },
      { time: NOW.toISOString(), level: 'error', message: 'Worker failed', context: 'temporal.worker' },
    ]);
  });
});
