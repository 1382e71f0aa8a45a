import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { type RemoteInfo, type Socket, createSocket } from 'node:dgram';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { eventually } from './support/test-env';

/**
 * The trunk asterisk/telephony-config.sh writes, loaded by a real Asterisk 22 and dialed through: a second
 * Asterisk process in the sandbox's root, with a directory of its own (control socket, logs, astdb) and only
 * the PJSIP modules, so the running sandbox, its pjsip.conf and its ports are untouched. Its transport is moved
 * from 0.0.0.0:5060 to a free loopback port; everything else is the script's output as the image would use it,
 * with the repository's pjsip.conf and extensions.conf. A fake carrier on a UDP socket plays registrar and callee.
 */
const REPO = join(__dirname, '..');
const CACHE = process.env.AI_DIALER_CACHE ?? (process.getuid?.() === 0 ? '/var/cache/ai-dialer' : join(homedir(), '.cache/ai-dialer'));
const ROOT = join(CACHE, 'asterisk-root');
const NUMBER = '15551234567';
const CALLER_ID = '+12025550123';
const PASSWORD = 'p@ss#W0rd!x';
const REALM = 'carrier.test';
/** How long the fake carrier waits for a message before failing with its name (Asterisk delays a first REGISTER up to 10 s). */
const CARRIER_WAIT_MS = 30_000;

const MODULES = [
  'res_pjproject', 'res_sorcery_config', 'res_sorcery_memory', 'res_sorcery_astdb', 'res_pjsip', 'res_pjsip_pubsub',
  'res_pjsip_session', 'chan_pjsip', 'res_pjsip_outbound_registration', 'res_pjsip_outbound_authenticator_digest',
  'res_pjsip_authenticator_digest', 'res_pjsip_endpoint_identifier_ip', 'res_pjsip_sdp_rtp', 'res_pjsip_caller_id',
  'res_pjsip_nat', 'res_rtp_asterisk', 'pbx_config', 'app_dial', 'func_callerid', 'codec_ulaw', 'codec_alaw', 'res_clioriginate',
];

/** A dial as the worker makes it: the campaign's caller id on the channel, then the trunk's dial string. */
const DIALER_LIKE_CONTEXT = `
[trunk-check]
exten => _X.,1,Set(CALLERID(num)=${CALLER_ID})
 same => n,Dial(PJSIP/\${EXTEN}@trunk)
`;

interface SipMessage {
  firstLine: string;
  headers: Map<string, string[]>;
  body: string;
  from: RemoteInfo;
}

const header = (message: SipMessage, name: string) => message.headers.get(name.toLowerCase())?.[0] ?? '';
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

function parse(raw: string, from: RemoteInfo): SipMessage {
  const [head = '', body = ''] = raw.split('\r\n\r\n');
  const [firstLine = '', ...lines] = head.split('\r\n');
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const at = line.indexOf(':');
    const name = line.slice(0, at).trim().toLowerCase();
    headers.set(name, [...(headers.get(name) ?? []), line.slice(at + 1).trim()]);
  }
  return { firstLine, headers, body, from };
}

/** A carrier's SIP server on a loopback UDP port: it hands each request and response to whoever waits for it. */
class FakeCarrier {
  private readonly socket: Socket = createSocket('udp4');
  private readonly received: SipMessage[] = [];
  private readonly waiting: { matches: (m: SipMessage) => boolean; resolve: (m: SipMessage) => void }[] = [];

  async start(): Promise<number> {
    this.socket.on('message', (raw, from) => {
      const message = parse(raw.toString('utf8'), from);
      const waiter = this.waiting.find((w) => w.matches(message));
      if (waiter) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(message);
      } else this.received.push(message);
    });
    await new Promise<void>((resolve) => this.socket.bind(0, '127.0.0.1', resolve));
    return this.socket.address().port;
  }

  /**
   * The next request of this method (or response, for a status line's start) not yet taken; a failure that
   * names it, and what did come, when none comes in time.
   */
  next(start: string): Promise<SipMessage> {
    const matches = (m: SipMessage) => m.firstLine.startsWith(`${start} `);
    const found = this.received.find(matches);
    if (found) {
      this.received.splice(this.received.indexOf(found), 1);
      return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const waiter = {
        matches,
        resolve: (message: SipMessage) => {
          clearTimeout(timer);
          resolve(message);
        },
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        const came = this.received.map((m) => m.firstLine).join(' | ') || 'nothing';
        reject(new Error(`the carrier got no ${start} in ${CARRIER_WAIT_MS} ms (unanswered: ${came})`));
      }, CARRIER_WAIT_MS);
      this.waiting.push(waiter);
    });
  }

  reply(request: SipMessage, status: string, extra: string[] = []): void {
    const to = header(request, 'To');
    const lines = [
      `SIP/2.0 ${status}`,
      ...(request.headers.get('via') ?? []).map((via) => `Via: ${via}`),
      `From: ${header(request, 'From')}`,
      `To: ${to.includes(';tag=') ? to : `${to};tag=carrier`}`,
      `Call-ID: ${header(request, 'Call-ID')}`,
      `CSeq: ${header(request, 'CSeq')}`,
      ...extra,
      'Content-Length: 0',
    ];
    this.send(lines, request.from.port);
  }

  send(lines: string[], port: number): void {
    this.socket.send(`${lines.join('\r\n')}\r\n\r\n`, port, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }
}

/** Checks a Digest answer to our challenge: the username, and the password it proves it knows. */
function expectDigest(credentials: string, method: string, username: string): void {
  const params = Object.fromEntries([...credentials.matchAll(/(\w+)="?([^",]*)"?/g)].map(([, key, value]) => [key, value]));
  expect(params).toMatchObject({ username, realm: REALM, nonce: 'n0nce' });
  const expected = md5(`${md5(`${username}:${REALM}:${PASSWORD}`)}:n0nce:${md5(`${method}:${params.uri}`)}`);
  expect(params.response).toBe(expected);
}

/** Asterisk 22 with the trunk the script writes from env, in a directory of its own under the sandbox's root. */
class TrunkAsterisk {
  private readonly hostDir = mkdtempSync(join(ROOT, 'tmp', 'trunk-check-'));
  private readonly dir = `/tmp/${basename(this.hostDir)}`;
  private process?: ChildProcess;

  constructor(
    private readonly env: Record<string, string>,
    readonly sipPort: number,
  ) {}

  async start(): Promise<void> {
    const etc = join(this.hostDir, 'etc');
    execFileSync('mkdir', ['-p', etc, ...['run', 'log', 'spool', 'lib', 'cache'].map((d) => join(this.hostDir, d))]);
    const directories = { astcachedir: 'cache', astvarlibdir: 'lib', astdbdir: 'lib', astkeydir: 'lib', astspooldir: 'spool', astrundir: 'run', astlogdir: 'log' };
    writeFileSync(
      join(etc, 'asterisk.conf'),
      [
        '[directories]',
        `astetcdir => ${this.dir}/etc`,
        ...Object.entries(directories).map(([key, sub]) => `${key} => ${this.dir}/${sub}`),
        'astmoddir => /usr/lib/x86_64-linux-gnu/asterisk/modules',
        'astdatadir => /usr/share/asterisk',
        'astsbindir => /usr/sbin',
        '',
      ].join('\n'),
    );
    writeFileSync(join(etc, 'modules.conf'), ['[modules]', 'autoload = no', ...MODULES.map((m) => `load = ${m}.so`), ''].join('\n'));
    writeFileSync(join(etc, 'logger.conf'), '[logfiles]\nmessages.log => notice,warning,error,verbose(3)\n');
    copyFileSync(join(REPO, 'asterisk/pjsip.conf'), join(etc, 'pjsip.conf'));
    writeFileSync(join(etc, 'extensions.conf'), readFileSync(join(REPO, 'asterisk/extensions.conf'), 'utf8') + DIALER_LIKE_CONTEXT);
    execFileSync('sh', [join(REPO, 'asterisk/telephony-config.sh'), etc], { env: { PATH: process.env.PATH, ...this.env }, stdio: 'pipe' });
    const trunk = readFileSync(join(etc, 'pjsip-trunk.conf'), 'utf8');
    // The image's CA bundle path (ca-certificates) is the host's copy here: the sandbox's root has none.
    copyFileSync('/etc/ssl/certs/ca-certificates.crt', join(etc, 'ca-certificates.crt'));
    const local = trunk.replace(/^bind = 0\.0\.0\.0:50(60|61)$/m, `bind = 127.0.0.1:${this.sipPort}`).replace('/etc/ssl/certs/', `${this.dir}/etc/`);
    writeFileSync(join(etc, 'pjsip-trunk.conf'), local);

    this.process = spawn('chroot', [ROOT, '/usr/sbin/asterisk', '-C', `${this.dir}/etc/asterisk.conf`, '-f'], { stdio: 'ignore' });
    await eventually(async () => {
      try {
        return this.cli('core waitfullybooted').includes('fully booted') || undefined;
      } catch {
        return undefined;
      }
    }, 'the trunk check Asterisk to boot', 30_000);
  }

  cli(command: string): string {
    // Bounded: a console command can wait on an Asterisk that never finishes booting.
    const output = execFileSync('chroot', [ROOT, '/usr/sbin/asterisk', '-C', `${this.dir}/etc/asterisk.conf`, '-rx', command], { encoding: 'utf8', stdio: 'pipe', timeout: 20_000 });
    if (output.startsWith('No such command')) throw new Error(output);
    return output;
  }

  log(): string {
    return readFileSync(join(this.hostDir, 'log/messages.log'), 'utf8');
  }

  /** Errors Asterisk logged, but the notices of the core's optional files this minimal instance leaves out. */
  errors(): string[] {
    return this.log()
      .split('\n')
      .filter((line) => /^\[[^\]]+\] (ERROR|WARNING)/.test(line) && !/Unable to load config file|ccss\.conf|indications\.conf|'_\.'/.test(line));
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      this.cli('core stop now');
      await exited;
    }
    rmSync(this.hostDir, { recursive: true, force: true });
  }
}

async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  socket.close();
  return port;
}

// With ARI_URL the sandbox is an Asterisk of the operator's, not ours to start a second process beside.
const withSandbox = process.env.ARI_URL ? describe.skip : describe;

withSandbox('the SIP trunk on a real Asterisk', () => {
  let carrier: FakeCarrier;
  let asterisk: TrunkAsterisk | undefined;
  let carrierPort: number;

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'usr/sbin/asterisk'))) throw new Error(`no Asterisk sandbox in ${ROOT}: run scripts/infra.sh up (as root) first`);
  });

  beforeEach(() => {
    carrier = new FakeCarrier();
  });

  afterEach(async () => {
    await asterisk?.stop();
    asterisk = undefined;
    carrier.close();
  });

  async function startTrunk(env: Record<string, string>): Promise<TrunkAsterisk> {
    carrierPort = await carrier.start();
    asterisk = new TrunkAsterisk({ SIP_TRUNK_HOST: `127.0.0.1:${carrierPort}`, SIP_TRUNK_RTP_START: '42000', SIP_TRUNK_RTP_END: '42099', ...env }, await freeUdpPort());
    await asterisk.start();
    return asterisk;
  }

  /** The worker's kind of dial (caller id, then PJSIP/{number}@trunk); the INVITE the carrier receives. */
  function dial(trunk: TrunkAsterisk): Promise<SipMessage> {
    trunk.cli(`channel originate Local/${NUMBER}@trunk-check application Wait 5`);
    return carrier.next('INVITE');
  }

  it('registers with the username and password, and dials a number through PJSIP/{number}@trunk with the caller id', async () => {
    const trunk = await startTrunk({ SIP_TRUNK_AUTH: 'registration', SIP_TRUNK_USERNAME: 'acct-1001', SIP_TRUNK_PASSWORD: PASSWORD });

    const register = await carrier.next('REGISTER');
    expect(header(register, 'To')).toContain('sip:acct-1001@127.0.0.1');
    carrier.reply(register, '401 Unauthorized', [`WWW-Authenticate: Digest realm="${REALM}", nonce="n0nce", algorithm=MD5`]);
    const authorized = await carrier.next('REGISTER');
    expectDigest(header(authorized, 'Authorization'), 'REGISTER', 'acct-1001');
    carrier.reply(authorized, '200 OK', [`Contact: ${header(authorized, 'Contact')};expires=3600`, 'Expires: 3600']);
    await eventually(async () => trunk.cli('pjsip show registrations').includes('Registered') || undefined, 'the registration');

    // The carrier challenges the INVITE too, as most do: the endpoint answers with the same account.
    const invite = await dial(trunk);
    expect(invite.firstLine).toBe(`INVITE sip:${NUMBER}@127.0.0.1:${carrierPort} SIP/2.0`);
    carrier.reply(invite, '407 Proxy Authentication Required', [`Proxy-Authenticate: Digest realm="${REALM}", nonce="n0nce", algorithm=MD5`]);
    const authorizedInvite = await carrier.next('INVITE');
    expectDigest(header(authorizedInvite, 'Proxy-Authorization'), 'INVITE', 'acct-1001');
    expect(header(authorizedInvite, 'From')).toContain(`sip:${CALLER_ID}@`);
    expect(authorizedInvite.body).toMatch(/^m=audio 420\d\d RTP\/AVP 0 8 /m);
    carrier.reply(authorizedInvite, '486 Busy Here');
    await carrier.next('ACK');
    expect(trunk.errors()).toEqual([]);
  });

  it('with IP authentication, sends no registration, puts FROM_USER in From and the caller id in P-Asserted-Identity', async () => {
    const trunk = await startTrunk({ SIP_TRUNK_AUTH: 'ip', SIP_TRUNK_MATCH: '127.0.0.1', SIP_TRUNK_FROM_USER: 'acct-1001' });
    expect(trunk.cli('pjsip show registrations')).toContain('No objects found');
    expect(trunk.cli('pjsip show identifies')).toMatch(/trunk-identify\/trunk[\s\S]*127\.0\.0\.1\/32/);

    const invite = await dial(trunk);
    expect(invite.firstLine).toBe(`INVITE sip:${NUMBER}@127.0.0.1:${carrierPort} SIP/2.0`);
    expect(header(invite, 'From')).toContain('sip:acct-1001@');
    expect(header(invite, 'P-Asserted-Identity')).toContain(`sip:${CALLER_ID}@`);
    carrier.reply(invite, '486 Busy Here');
    await carrier.next('ACK');
    expect(trunk.errors()).toEqual([]);
  });

  it('starts a TLS transport that checks the carrier against the CA bundle', async () => {
    const trunk = await startTrunk({ SIP_TRUNK_AUTH: 'ip', SIP_TRUNK_MATCH: '127.0.0.1', SIP_TRUNK_TRANSPORT: 'tls' });
    expect(trunk.cli('pjsip show transports')).toMatch(new RegExp(`transport-trunk +tls .*127\\.0\\.0\\.1:${trunk.sipPort}`));
    expect(trunk.cli('pjsip show transport transport-trunk')).toMatch(/verify_server +: Yes/);
    expect(trunk.errors()).toEqual([]);
  });

  it("refuses a call from the carrier's address in [from-trunk]", async () => {
    const trunk = await startTrunk({ SIP_TRUNK_AUTH: 'ip', SIP_TRUNK_MATCH: '127.0.0.1' });
    const callId = randomUUID();
    const invite = [
      `INVITE sip:${NUMBER}@127.0.0.1:${trunk.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1;rport;branch=z9hG4bK${callId.slice(0, 8)}`,
      'Max-Forwards: 70',
      `From: <sip:+12025550199@127.0.0.1>;tag=carrier-in`,
      `To: <sip:${NUMBER}@127.0.0.1>`,
      `Call-ID: ${callId}`,
      'CSeq: 1 INVITE',
      'Contact: <sip:carrier@127.0.0.1>',
      'Content-Length: 0',
    ];
    carrier.send(invite, trunk.sipPort);
    let response = await carrier.next('SIP/2.0');
    while (/^SIP\/2\.0 1\d\d /.test(response.firstLine)) response = await carrier.next('SIP/2.0');
    // Cause 21 (call rejected) is what [from-trunk] hangs up with, on a channel of the endpoint "trunk".
    expect(response.firstLine).toBe('SIP/2.0 403 Forbidden');
    expect(trunk.log()).toMatch(new RegExp(`Executing \\[${NUMBER}@from-trunk:1\\] Hangup\\("PJSIP/trunk-[0-9a-f]+", "21"\\)`));
    expect(trunk.errors()).toEqual([]);
  });
});
