import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * asterisk/telephony-config.sh, run as the image's entrypoint runs it: the configuration it writes for each
 * kind of trunk, and each value it refuses. test/sip-trunk.int.spec.ts loads what it writes into a real Asterisk.
 */
const SCRIPT = join(__dirname, '../asterisk/telephony-config.sh');
const ENTRYPOINT = join(__dirname, '../asterisk/docker-entrypoint.sh');

type Section = { name: string; settings: [string, string][] };

/** Runs the script into a directory of its own; the files it wrote, or what it said when it refused. */
function run(env: Record<string, string>): { pjsip: string; rtp: string } {
  const dir = mkdtempSync(join(tmpdir(), 'telephony-config-'));
  try {
    execFileSync('sh', [SCRIPT, dir], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    return { pjsip: readFileSync(join(dir, 'pjsip-trunk.conf'), 'utf8'), rtp: readFileSync(join(dir, 'rtp.conf'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function refusal(env: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'telephony-config-'));
  try {
    execFileSync('sh', [SCRIPT, dir], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
  } catch (error) {
    // Nothing half-written: a refused value leaves the directory as it was.
    expect(existsSync(join(dir, 'pjsip-trunk.conf')) || existsSync(join(dir, 'rtp.conf'))).toBe(false);
    return String((error as { stderr: Buffer }).stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('the script accepted it');
}

/** The sections of an Asterisk configuration file, as Asterisk reads them (';' starts a comment). */
function sections(config: string): Section[] {
  const found: Section[] = [];
  for (const raw of config.split('\n')) {
    const line = raw.replace(/(^|[^\\]);.*$/, '$1').trim();
    if (!line) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) found.push({ name: header[1] ?? '', settings: [] });
    else {
      const [key, ...value] = line.split('=');
      found.at(-1)?.settings.push([key?.trim() ?? '', value.join('=').trim()]);
    }
  }
  return found;
}

/** The one section of that name and type, its settings as a map (a repeated key's values joined by |). */
function section(config: string, name: string, type: string): Record<string, string> {
  const matching = sections(config).filter((s) => s.name === name && s.settings.some(([key, value]) => key === 'type' && value === type));
  expect(matching).toHaveLength(1);
  const settings: Record<string, string> = {};
  for (const [key, value] of matching[0]?.settings ?? []) settings[key] = key in settings ? `${settings[key]}|${value}` : value;
  return settings;
}

const types = (config: string) => sections(config).map((s) => `${s.name}:${s.settings.find(([key]) => key === 'type')?.[1]}`);

const REGISTRATION = { SIP_TRUNK_HOST: 'sip.carrier.example:5080', SIP_TRUNK_USERNAME: 'acct-1001', SIP_TRUNK_PASSWORD: 'p@ss#W0rd!x' };
const IP = { SIP_TRUNK_HOST: 'sip.carrier.example', SIP_TRUNK_AUTH: 'ip', SIP_TRUNK_MATCH: '198.51.100.0/24,203.0.113.9' };

describe('asterisk/telephony-config.sh', () => {
  it('writes no trunk without SIP_TRUNK_HOST, and the default RTP range the compose file publishes', () => {
    const { pjsip, rtp } = run({});
    expect(sections(pjsip)).toEqual([]);
    expect(rtp).toBe('[general]\nrtpstart = 10000\nrtpend = 10199\n');
  });

  it('registers with the username and password, and the endpoint answers challenges with them', () => {
    const { pjsip } = run(REGISTRATION);
    expect(types(pjsip)).toEqual(['transport-trunk:transport', 'trunk:aor', 'trunk-auth:auth', 'trunk-registration:registration', 'trunk:endpoint']);
    expect(section(pjsip, 'transport-trunk', 'transport')).toMatchObject({ protocol: 'udp', bind: '0.0.0.0:5060' });
    expect(section(pjsip, 'trunk', 'aor')).toMatchObject({ contact: 'sip:sip.carrier.example:5080' });
    expect(section(pjsip, 'trunk-auth', 'auth')).toMatchObject({ username: 'acct-1001', password: 'p@ss#W0rd!x' });
    expect(section(pjsip, 'trunk-registration', 'registration')).toMatchObject({
      outbound_auth: 'trunk-auth',
      server_uri: 'sip:sip.carrier.example:5080',
      client_uri: 'sip:acct-1001@sip.carrier.example',
      endpoint: 'trunk',
    });
    expect(section(pjsip, 'trunk', 'endpoint')).toMatchObject({
      aors: 'trunk',
      outbound_auth: 'trunk-auth',
      context: 'from-trunk',
      allow: 'ulaw,alaw',
      transport: 'transport-trunk',
    });
    expect(section(pjsip, 'trunk', 'endpoint')).not.toHaveProperty('from_user');
  });

  it('identifies the carrier by its addresses with SIP_TRUNK_AUTH=ip, with no registration and no credentials', () => {
    const { pjsip } = run({ ...IP, SIP_TRUNK_USERNAME: 'ignored', SIP_TRUNK_PASSWORD: 'ignored' });
    expect(types(pjsip)).toEqual(['transport-trunk:transport', 'trunk:aor', 'trunk:endpoint', 'trunk-identify:identify']);
    expect(section(pjsip, 'trunk-identify', 'identify')).toEqual({ type: 'identify', endpoint: 'trunk', match: '198.51.100.0/24|203.0.113.9' });
    expect(section(pjsip, 'trunk', 'endpoint')).not.toHaveProperty('outbound_auth');
    expect(pjsip).not.toContain('ignored');
  });

  it('sets the From header, the outbound proxy, the codecs and the RTP range when given', () => {
    const { pjsip, rtp } = run({
      ...REGISTRATION,
      SIP_TRUNK_FROM_USER: 'acct-1001',
      SIP_TRUNK_FROM_DOMAIN: 'carrier.example',
      SIP_TRUNK_OUTBOUND_PROXY: 'edge.carrier.example:5070',
      SIP_TRUNK_CODECS: 'g722,ulaw',
      SIP_TRUNK_RTP_START: '20000',
      SIP_TRUNK_RTP_END: '20999',
    });
    expect(section(pjsip, 'trunk', 'endpoint')).toMatchObject({
      from_user: 'acct-1001',
      from_domain: 'carrier.example',
      outbound_proxy: 'sip:edge.carrier.example:5070\\;lr',
      allow: 'g722,ulaw',
    });
    expect(section(pjsip, 'trunk-registration', 'registration')).toMatchObject({
      client_uri: 'sip:acct-1001@carrier.example',
      outbound_proxy: 'sip:edge.carrier.example:5070\\;lr',
    });
    expect(rtp).toContain('rtpstart = 20000\nrtpend = 20999\n');
  });

  it.each([
    ['tcp', '0.0.0.0:5060', 'sip:sip.carrier.example\\;transport=tcp'],
    ['tls', '0.0.0.0:5061', 'sip:sip.carrier.example\\;transport=tls'],
  ])('over %s, binds that transport and asks for it in the trunk URI', (transport, bind, contact) => {
    const { pjsip } = run({ ...IP, SIP_TRUNK_TRANSPORT: transport });
    expect(section(pjsip, 'transport-trunk', 'transport')).toMatchObject({ protocol: transport, bind });
    expect(section(pjsip, 'trunk', 'aor')).toMatchObject({ contact });
  });

  it("checks the carrier's certificate over tls", () => {
    const { pjsip } = run({ ...IP, SIP_TRUNK_TRANSPORT: 'tls' });
    expect(section(pjsip, 'transport-trunk', 'transport')).toMatchObject({ verify_server: 'yes', ca_list_file: '/etc/ssl/certs/ca-certificates.crt' });
  });

  it('gives the public address behind NAT, with the private networks as local unless told', () => {
    const nat = (env: Record<string, string>) => section(run({ ...IP, SIP_TRUNK_EXTERNAL_ADDRESS: '203.0.113.5', ...env }).pjsip, 'transport-trunk', 'transport');
    expect(nat({})).toMatchObject({
      external_media_address: '203.0.113.5',
      external_signaling_address: '203.0.113.5',
      local_net: '10.0.0.0/8|172.16.0.0/12|192.168.0.0/16',
    });
    expect(nat({ SIP_TRUNK_LOCAL_NET: '172.18.0.0/16' })).toMatchObject({ local_net: '172.18.0.0/16' });
  });

  it.each([
    ['an unknown AUTH', { ...REGISTRATION, SIP_TRUNK_AUTH: 'digest' }, 'SIP_TRUNK_AUTH must be registration or ip'],
    ['registration without USERNAME', { ...REGISTRATION, SIP_TRUNK_USERNAME: '' }, 'SIP_TRUNK_USERNAME is required'],
    ['registration without PASSWORD', { ...REGISTRATION, SIP_TRUNK_PASSWORD: '' }, 'SIP_TRUNK_PASSWORD is required'],
    ['ip without MATCH', { ...IP, SIP_TRUNK_MATCH: '' }, 'SIP_TRUNK_MATCH is required'],
    ['ip with an empty MATCH list', { ...IP, SIP_TRUNK_MATCH: ',' }, 'SIP_TRUNK_MATCH is required'],
    ['an unknown TRANSPORT', { ...IP, SIP_TRUNK_TRANSPORT: 'ws' }, 'SIP_TRUNK_TRANSPORT must be udp, tcp or tls'],
    ['a HOST with a path', { ...IP, SIP_TRUNK_HOST: 'carrier.example/x' }, 'SIP_TRUNK_HOST may hold only'],
    ['a HOST with a section', { ...IP, SIP_TRUNK_HOST: 'carrier.example\n[evil]' }, 'SIP_TRUNK_HOST may hold only'],
    ['a HOST with a bad port', { ...IP, SIP_TRUNK_HOST: 'carrier.example:50x' }, 'SIP_TRUNK_HOST has a port that is not a number'],
    ['a PASSWORD with a new line', { ...REGISTRATION, SIP_TRUNK_PASSWORD: 'secret\ncontext = default' }, 'SIP_TRUNK_PASSWORD may hold only'],
    ['a PASSWORD with a comment', { ...REGISTRATION, SIP_TRUNK_PASSWORD: 'sec;ret' }, 'SIP_TRUNK_PASSWORD may hold only'],
    ['a PASSWORD with a section', { ...REGISTRATION, SIP_TRUNK_PASSWORD: 'sec[ret' }, 'SIP_TRUNK_PASSWORD may hold only'],
    ['a USERNAME with a comment', { ...REGISTRATION, SIP_TRUNK_USERNAME: 'acct;1' }, 'SIP_TRUNK_USERNAME may hold only'],
    ['a MATCH with a new line', { ...IP, SIP_TRUNK_MATCH: '198.51.100.7\n#include evil.conf' }, 'SIP_TRUNK_MATCH may hold only'],
    ['a FROM_USER with a space', { ...IP, SIP_TRUNK_FROM_USER: 'a b' }, 'SIP_TRUNK_FROM_USER may hold only'],
    ['a FROM_DOMAIN with a comment', { ...IP, SIP_TRUNK_FROM_DOMAIN: 'x;y' }, 'SIP_TRUNK_FROM_DOMAIN may hold only'],
    ['an OUTBOUND_PROXY with parameters', { ...IP, SIP_TRUNK_OUTBOUND_PROXY: 'edge;lr' }, 'SIP_TRUNK_OUTBOUND_PROXY may hold only'],
    ['an EXTERNAL_ADDRESS with a new line', { ...IP, SIP_TRUNK_EXTERNAL_ADDRESS: '203.0.113.5\nx=y' }, 'SIP_TRUNK_EXTERNAL_ADDRESS may hold only'],
    ['a LOCAL_NET that is not CIDRs', { ...IP, SIP_TRUNK_EXTERNAL_ADDRESS: '203.0.113.5', SIP_TRUNK_LOCAL_NET: 'lan' }, 'SIP_TRUNK_LOCAL_NET may hold only'],
    ['a LOCAL_NET without EXTERNAL_ADDRESS', { ...IP, SIP_TRUNK_LOCAL_NET: '10.0.0.0/8' }, 'SIP_TRUNK_LOCAL_NET means nothing without SIP_TRUNK_EXTERNAL_ADDRESS'],
    ['CODECS with a comment', { ...IP, SIP_TRUNK_CODECS: 'ulaw;alaw' }, 'SIP_TRUNK_CODECS may hold only'],
    ['empty CODECS', { ...IP, SIP_TRUNK_CODECS: ',' }, 'SIP_TRUNK_CODECS must name at least one codec'],
    ['an RTP_START that is not a port', { SIP_TRUNK_RTP_START: '80' }, 'SIP_TRUNK_RTP_START must be a port number'],
    ['an RTP_END that is not a number', { SIP_TRUNK_RTP_END: '10199x' }, 'SIP_TRUNK_RTP_END may hold only digits'],
    ['an RTP range upside down', { SIP_TRUNK_RTP_START: '20000', SIP_TRUNK_RTP_END: '10000' }, 'SIP_TRUNK_RTP_END must be above SIP_TRUNK_RTP_START'],
  ])('refuses %s, naming the variable', (_, env, message) => {
    expect(refusal(env)).toContain(message);
  });

  it('stops the Asterisk container before ARI or the trunk is written', () => {
    const start = () =>
      execFileSync('sh', [ENTRYPOINT, 'true'], {
        env: { PATH: process.env.PATH, ARI_PASSWORD: '5e9b2c7a41d8f036', ...IP, SIP_TRUNK_AUTH: 'none' },
        stdio: 'pipe',
      });
    expect(start).toThrow(/SIP_TRUNK_AUTH must be registration or ip/);
  });
});
