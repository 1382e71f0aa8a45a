import { connect, type Socket } from 'node:net';
import { AgiCommandError, AgiHangupError, type AgiSession, agiArgument, parseAgiResponse } from './agi-session';
import { FastAgiServer } from './fastagi.server';

/** Plays Asterisk's side of a FastAGI session over a real socket. */
class FakeAsterisk {
  private lines: string[] = [];
  private waiters: ((line: string) => void)[] = [];
  constructor(readonly socket: Socket) {
    let buffer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      let i: number;
      while ((i = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        const waiter = this.waiters.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
      }
    });
  }
  static async open(port: number, env: Record<string, string>): Promise<FakeAsterisk> {
    const socket = await new Promise<Socket>((resolve) => {
      const s = connect(port, '127.0.0.1', () => resolve(s));
    });
    const fake = new FakeAsterisk(socket);
    for (const [key, value] of Object.entries(env)) socket.write(`agi_${key}: ${value}\n`);
    socket.write('\n');
    return fake;
  }
  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiters.push(resolve));
  }
  send(text: string): void {
    this.socket.write(`${text}\n`);
  }
}

describe('FastAGI', () => {
  let server: FastAgiServer;
  let port: number;
  let outcome: Promise<unknown>;
  let handler: (session: AgiSession) => Promise<unknown>;
  const errors: unknown[] = [];

  beforeEach(async () => {
    errors.length = 0;
    let settle!: (value: unknown) => void;
    outcome = new Promise((resolve) => (settle = resolve));
    server = new FastAgiServer(
      async (session) => {
        try {
          settle({ ok: await handler(session) });
        } catch (error) {
          settle({ error });
          throw error;
        }
      },
      { error: (_message, error) => errors.push(error) },
    );
    port = await server.listen(0, '127.0.0.1');
  });
  afterEach(() => server.close());

  it('parses the header and runs commands in order', async () => {
    handler = async (session) => {
      const first = session.exec('Playback', 'http://127.0.0.1:1/tts/a.wav');
      const second = session.getVariable('CALLERID(num)');
      return { env: session.env, first: await first, second: await second };
    };
    const asterisk = await FakeAsterisk.open(port, { uniqueid: 'dialer-c-1-1', channel: 'Local/1@x;1' });
    expect(await asterisk.next()).toBe('EXEC Playback http://127.0.0.1:1/tts/a.wav');
    asterisk.send('200 result=0');
    expect(await asterisk.next()).toBe('GET VARIABLE CALLERID(num)');
    asterisk.send('200 result=1 (+12025550100)');
    const result = (await outcome) as { ok: { env: Record<string, string>; second: string } };
    expect(result.ok.env.uniqueid).toBe('dialer-c-1-1');
    expect(result.ok.second).toBe('+12025550100');
  });

  it.each([['200 result=-1'], ['HANGUP', '200 result=-1'], ['511 Command Not Permitted on a dead channel']])(
    'turns %s into AgiHangupError',
    async (...replies: string[]) => {
      handler = (session) => session.exec('Playback', 'hello');
      const asterisk = await FakeAsterisk.open(port, { uniqueid: 'u' });
      await asterisk.next();
      for (const reply of replies) asterisk.send(reply);
      expect(((await outcome) as { error: unknown }).error).toBeInstanceOf(AgiHangupError);
      expect(errors).toEqual([]);
    },
  );

  it('ends the session at a HANGUP notice while the handler waits on something else, so Asterisk can drop the channel', async () => {
    let release!: () => void;
    const workflowReply = new Promise<void>((resolve) => (release = resolve));
    handler = async (session) => {
      await workflowReply;
      return session.exec('Playback', 'reply');
    };
    const asterisk = await FakeAsterisk.open(port, { uniqueid: 'u' });
    const endedByUs = new Promise((resolve) => asterisk.socket.once('end', resolve));
    asterisk.send('HANGUP');
    await endedByUs;
    release();
    expect(((await outcome) as { error: unknown }).error).toBeInstanceOf(AgiHangupError);
  });

  it('rejects pending commands when the socket closes', async () => {
    handler = (session) => session.waitForDigit(5000);
    const asterisk = await FakeAsterisk.open(port, { uniqueid: 'u' });
    expect(await asterisk.next()).toBe('WAIT FOR DIGIT 5000');
    asterisk.socket.end();
    expect(((await outcome) as { error: unknown }).error).toBeInstanceOf(AgiHangupError);
  });

  it('reports multi-line usage errors as AgiCommandError and logs them', async () => {
    handler = (session) => session.command('BOGUS');
    const asterisk = await FakeAsterisk.open(port, { uniqueid: 'u' });
    await asterisk.next();
    asterisk.send('520-Invalid command syntax.  Proper usage follows:');
    asterisk.send('Usage: BOGUS');
    asterisk.send('520 End of proper usage.');
    const error = ((await outcome) as { error: unknown }).error;
    expect(error).toBeInstanceOf(AgiCommandError);
    expect((error as AgiCommandError).code).toBe(520);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(errors).toHaveLength(1);
  });

  it('reads digits and record results', async () => {
    handler = async (session) => ({
      digit: await session.waitForDigit(100),
      none: await session.waitForDigit(100),
      rec: await session.recordFile({ path: '/tmp/x', format: 'wav', escapeDigits: '#', maxMs: 5000, silenceSeconds: 2 }),
      key: await session.recordFile({ path: '/tmp/y', format: 'wav', escapeDigits: '#', maxMs: 5000, silenceSeconds: 2 }),
    });
    const asterisk = await FakeAsterisk.open(port, { uniqueid: 'u' });
    await asterisk.next();
    asterisk.send('200 result=49');
    await asterisk.next();
    asterisk.send('200 result=0');
    expect(await asterisk.next()).toBe('RECORD FILE /tmp/x wav # 5000 s=2');
    // After silence Asterisk reports the milliseconds left in result: not a key.
    asterisk.send('200 result=2976 (timeout) endpos=16000');
    await asterisk.next();
    asterisk.send('200 result=35 (dtmf) endpos=800');
    expect(((await outcome) as { ok: unknown }).ok).toEqual({
      digit: '1',
      none: undefined,
      rec: { digit: undefined, endpos: 16000 },
      key: { digit: '#', endpos: 800 },
    });
  });
});

describe('AGI helpers', () => {
  it('quotes arguments only when needed', () => {
    expect(agiArgument('plain')).toBe('plain');
    expect(agiArgument('two words')).toBe('"two words"');
    expect(agiArgument('')).toBe('""');
    expect(agiArgument('say "hi"')).toBe('"say \\"hi\\""');
  });
  it('parses responses', () => {
    expect(parseAgiResponse('200 result=1 (timeout) endpos=8000')).toEqual({
      code: 200,
      result: 1,
      data: 'timeout',
      extra: { endpos: '8000' },
    });
    expect(parseAgiResponse('511 Command Not Permitted on a dead channel')?.code).toBe(511);
    expect(parseAgiResponse('garbage')).toBeUndefined();
  });
});
