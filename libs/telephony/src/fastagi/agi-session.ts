import type { Socket } from 'node:net';

/** The callee hung up (or Asterisk closed the session): an outcome for the caller, not a fault. */
export class AgiHangupError extends Error {
  override name = 'AgiHangupError';
}

/** Asterisk answered a command with something other than 200. */
export class AgiCommandError extends Error {
  override name = 'AgiCommandError';
  constructor(
    readonly command: string,
    readonly code: number,
    readonly text: string,
  ) {
    super(`AGI command "${command}" failed with ${code}: ${text}`);
  }
}

export interface AgiResponse {
  code: number;
  result: number;
  /** The parenthesised part of "200 result=1 (timeout)", if any. */
  data?: string;
  /** Trailing key=value pairs such as endpos. */
  extra: Record<string, string>;
}

/** The agi_* variables Asterisk sends when a session opens, without the prefix. */
export type AgiEnv = Record<string, string>;

const RESPONSE = /^(\d{3})(?:\s+result=(-?\d+))?(?:\s+\((.*)\))?(.*)$/;

/** Quotes an AGI argument when it needs it; the AGI parser strips the quotes again. */
export function agiArgument(value: string | number): string {
  const text = String(value);
  if (text !== '' && !/[\s"\\]/.test(text)) return text;
  return `"${text.replace(/(["\\])/g, '\\$1')}"`;
}

export function parseAgiResponse(line: string): AgiResponse | undefined {
  const match = RESPONSE.exec(line);
  if (!match) return undefined;
  const extra: Record<string, string> = {};
  for (const pair of (match[4] ?? '').trim().split(/\s+/)) {
    const eq = pair.indexOf('=');
    if (eq > 0) extra[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return { code: Number(match[1]), result: Number(match[2] ?? 0), data: match[3], extra };
}

interface PendingCommand {
  command: string;
  resolve(response: AgiResponse): void;
  reject(error: Error): void;
}

/**
 * One FastAGI conversation with Asterisk over a socket. Commands run one at a time, in order; a hang-up
 * (a 511 answer, result=-1, or the socket closing) rejects with
 * AgiHangupError so that handlers can tell a departed callee from a fault.
 */
export class AgiSession {
  private pending?: PendingCommand;
  private queue: Promise<unknown> = Promise.resolve();
  private usageLines: string[] = [];
  private closed = false;
  hungUp = false;

  constructor(
    readonly env: AgiEnv,
    private readonly socket: Socket,
  ) {}

  /** Called by the server with each line after the header. */
  receive(line: string): void {
    if (line === 'HANGUP') {
      this.hungUp = true;
      // Asterisk keeps a hung-up channel until its AGI session ends, however long the handler then waits (on
      // its workflow, say): a call past its maximum would outlive it. End the session now.
      this.end();
      return;
    }
    const pending = this.pending;
    if (!pending) return;
    // 520 usage help spans several lines ("520-..." up to "520 End of proper usage.").
    if (/^\d{3}-/.test(line) || this.usageLines.length > 0) {
      this.usageLines.push(line);
      if (!/^\d{3} /.test(line)) return;
    }
    const response = parseAgiResponse(line);
    const text = this.usageLines.length > 0 ? this.usageLines.join('\n') : line;
    this.usageLines = [];
    this.pending = undefined;
    if (!response) pending.reject(new AgiCommandError(pending.command, 0, `unparseable reply: ${line}`));
    else if (response.code === 511) pending.reject(new AgiHangupError(`channel gone during ${pending.command}`));
    else if (response.code !== 200) pending.reject(new AgiCommandError(pending.command, response.code, text));
    // AGI's result=-1 means the channel failed or hung up; the HANGUP notice may come after it.
    else if (response.result === -1) pending.reject(new AgiHangupError(`channel hung up during ${pending.command}`));
    else pending.resolve(response);
  }

  /** Called by the server when the socket ends. */
  closedByPeer(): void {
    this.closed = true;
    this.hungUp = true;
    this.pending?.reject(new AgiHangupError('Asterisk closed the AGI session'));
    this.pending = undefined;
  }

  /** Sends one raw AGI command, e.g. `STREAM FILE beep ""`. */
  command(command: string): Promise<AgiResponse> {
    const run = this.queue.then(
      () =>
        new Promise<AgiResponse>((resolve, reject) => {
          if (this.closed) {
            reject(new AgiHangupError(`session closed before ${command}`));
            return;
          }
          this.pending = { command, resolve, reject };
          this.socket.write(`${command}\n`);
        }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }

  answer(): Promise<AgiResponse> {
    return this.command('ANSWER');
  }

  /** Runs a dialplan application; its arguments are joined with commas as the dialplan would. */
  exec(application: string, ...args: (string | number)[]): Promise<AgiResponse> {
    return this.command(`EXEC ${application} ${agiArgument(args.join(','))}`);
  }

  async getVariable(name: string): Promise<string | undefined> {
    const response = await this.command(`GET VARIABLE ${agiArgument(name)}`);
    return response.result === 1 ? response.data : undefined;
  }

  setVariable(name: string, value: string): Promise<AgiResponse> {
    return this.command(`SET VARIABLE ${agiArgument(name)} ${agiArgument(value)}`);
  }

  /** Waits for one key press; undefined when none came before the timeout. */
  async waitForDigit(timeoutMs: number): Promise<string | undefined> {
    const response = await this.command(`WAIT FOR DIGIT ${timeoutMs}`);
    return response.result > 0 ? String.fromCharCode(response.result) : undefined;
  }

  /**
   * Records until silence, a key in escapeDigits, or the time limit. The file is written by Asterisk,
   * so the path is one on Asterisk's side. Returns the key that stopped it, if any.
   */
  async recordFile(options: {
    path: string;
    format: string;
    escapeDigits: string;
    maxMs: number;
    silenceSeconds: number;
    beep?: boolean;
  }): Promise<{ digit?: string; endpos?: number }> {
    const parts = [
      'RECORD FILE',
      agiArgument(options.path),
      options.format,
      agiArgument(options.escapeDigits),
      options.maxMs,
      ...(options.beep ? ['BEEP'] : []),
      `s=${options.silenceSeconds}`,
    ];
    const response = await this.command(parts.join(' '));
    const endpos = response.extra.endpos === undefined ? undefined : Number(response.extra.endpos);
    // Only "(dtmf)" carries a key; after silence Asterisk puts other numbers in result.
    const digit = response.data === 'dtmf' && response.result > 0 ? String.fromCharCode(response.result) : undefined;
    return { digit, endpos };
  }

  async hangup(): Promise<void> {
    if (this.closed) return;
    try {
      await this.command('HANGUP');
    } catch (error) {
      if (!(error instanceof AgiHangupError)) throw error;
    }
  }

  /** Ends the session from our side; Asterisk then continues the dialplan or hangs up. */
  end(): void {
    this.closed = true;
    this.socket.end();
  }
}
