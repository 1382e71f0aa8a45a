import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, PRODUCTION_REQUIRED, PUBLISHED_SECRETS, loadConfig } from '../libs/config/src';
import { SEARCH_ATTRIBUTES } from '../libs/contracts/src';

/**
 * docker-compose.yml is the production deployment, and no machine of this project runs Docker: this test
 * reads the file for what would make a deployment unsafe or unable to start.
 */
const ROOT = join(__dirname, '..');
const COMPOSE = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');

/** What the operator supplies; compose refuses to start while one is unset or empty. */
const REQUIRED_SECRETS = ['JWT_SECRET', 'POSTGRES_PASSWORD', 'ARI_PASSWORD'];
/** The services built from this repository's Dockerfile. */
const APP_SERVICES = ['api', 'worker', 'migrate'];
/** ARI (call control), FastAGI and the audio server (call content): never on a public address. */
const PRIVATE_PORTS = [8088, 4573, 4574];
const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];
const SECRET_NAME = /PASSWORD|PWD|SECRET|API_KEY|TOKEN/;
/** `${NAME:?message}` as the whole value: compose stops when NAME is unset or empty. */
const REQUIRED_VALUE = /^\$\{[A-Z0-9_]+:\?[^}]+\}$/;
const SAMPLE_SECRET = '5e9b2c7a41d8f0365e9b2c7a41d8f036';

type Env = Record<string, string | null>;
interface LongPort {
  target: number | string;
  published?: number | string;
  host_ip?: string;
}
interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | LongPort)[];
  command?: string | string[];
  entrypoint?: string | string[];
  healthcheck?: unknown;
  depends_on?: string[] | Record<string, { condition?: string }>;
  network_mode?: string;
}

function servicesOf(raw: string): Record<string, Service> {
  const doc = parse(raw, { merge: true }) as { services?: Record<string, Service> } | null;
  return doc?.services ?? {};
}

/** A service's environment as a map; a key without a value is passed through from the operator's shell or .env. */
function envOf(service: Service): Env {
  const entries = Array.isArray(service.environment)
    ? service.environment.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, null] : [line.slice(0, at), line.slice(at + 1)];
      })
    : Object.entries(service.environment ?? {}).map(([key, value]) => [key, value === null ? null : String(value)]);
  return Object.fromEntries(entries) as Env;
}

/** Settings a service's command adds before it starts the app (`env NAME=value node …`), on a sample container. */
function commandEnv(service: Service): Env {
  const line = [service.command ?? []].flat().join(' ').replace(/\$\$/g, '$');
  const assignments = [...line.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)];
  return Object.fromEntries(assignments.map(([, key, value]) => [key, value?.replace(/\$\{?HOSTNAME\}?/g, 'a1b2c3d4e5f6') ?? null]));
}

/** The environment the container would get with the required secrets set to a sample of the operator's. */
function interpolated(env: Env): Record<string, string> {
  const resolved: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === null) continue;
    resolved[key] = value.replace(/\$\{[A-Z0-9_]+(:?[?-])([^}]*)\}/g, (_, operator: string, word: string) =>
      operator.endsWith('?') ? SAMPLE_SECRET : word,
    );
  }
  return resolved;
}

/** A `ports:` entry as compose reads it when the operator sets none of its variables: `${NAME:-default}` is the default. */
function withDefaults(entry: string | number): string {
  return String(entry).replace(/\$\{[A-Z0-9_]+:?-([^}]*)\}/g, '$1');
}

/** Host address and container and host port ranges of one `ports:` entry, short or long syntax. */
function parsePort(entry: string | number | LongPort): { hostIp: string; ranges: string[] } {
  if (typeof entry === 'object') {
    return { hostIp: entry.host_ip ?? '0.0.0.0', ranges: [String(entry.target), String(entry.published ?? entry.target)] };
  }
  const spec = withDefaults(entry).replace(/\/(tcp|udp|sctp)$/, '');
  const bracketed = /^\[([^\]]+)\]:(.*)$/.exec(spec);
  const parts = bracketed ? [bracketed[1] ?? '', ...(bracketed[2] ?? '').split(':')] : spec.split(':');
  // Without a host address Docker publishes on every address; with only a container port, on a random host port too.
  const hostIp = parts.length === 3 ? (parts[0] ?? '') : '0.0.0.0';
  return { hostIp, ranges: parts.slice(-2) };
}

function inRange(range: string, port: number): boolean {
  const [from, to] = range.split('-').map(Number);
  return from !== undefined && port >= from && port <= (to ?? from);
}

/** Every reason docker-compose.yml is not a safe production deployment; empty when it is one. */
function composeProblems(raw: string): string[] {
  const problems: string[] = [];
  const services = servicesOf(raw);
  const unescaped = raw.replace(/\$\$/g, '');

  for (const name of REQUIRED_SECRETS) {
    const uses = [...unescaped.matchAll(new RegExp(`\\$(\\{?)${name}(?![A-Z0-9_])([^}]*)`, 'g'))];
    if (!uses.length) problems.push(`${name} is never required`);
    for (const [use, brace, operator] of uses) {
      if (!brace || !operator?.startsWith(':?')) problems.push(`${use.trim()}: ${name} must be required with \${${name}:?message}`);
    }
  }
  for (const secret of PUBLISHED_SECRETS.filter((s) => s.length >= 12)) {
    if (raw.includes(secret)) problems.push(`published secret "${secret}" in the file`);
  }
  for (const [, , fallback] of unescaped.matchAll(/\$\{([A-Z0-9_]+):?-([^}]*)\}/g)) {
    if (PUBLISHED_SECRETS.includes(fallback ?? '')) problems.push(`published secret "${fallback}" as a default`);
  }

  for (const [name, service] of Object.entries(services)) {
    const env = envOf(service);
    if (!service.image && !service.build) problems.push(`${name}: neither image nor build`);
    if (service.network_mode === 'host') problems.push(`${name}: network_mode host publishes every port it listens on`);

    for (const [key, value] of Object.entries(env)) {
      if (value === null) continue;
      if (SECRET_NAME.test(key)) {
        if (PUBLISHED_SECRETS.includes(value)) problems.push(`${name}.${key}: published secret "${value}"`);
        else if (!REQUIRED_VALUE.test(value)) problems.push(`${name}.${key}: a secret must come from \${VAR:?message}`);
      }
      const password = /^[a-z][a-z0-9+.-]*:\/\/[^:/@]*:([^@]*)@/i.exec(value)?.[1];
      if (password !== undefined) {
        if (PUBLISHED_SECRETS.includes(password)) problems.push(`${name}.${key}: published password "${password}" in the URL`);
        else if (!REQUIRED_VALUE.test(password)) problems.push(`${name}.${key}: the URL's password must come from \${VAR:?message}`);
      }
      if (/^DEMO_/.test(key)) problems.push(`${name}.${key}: demo settings in production`);
    }
    const commandLine = [service.command, service.entrypoint].flat().join(' ');
    if (commandLine.includes('seed-demo')) problems.push(`${name}: seeds the demo login`);

    for (const entry of service.ports ?? []) {
      const { hostIp, ranges } = parsePort(entry);
      const exposed = PRIVATE_PORTS.filter((port) => ranges.some((range) => inRange(range, port)));
      if (exposed.length && !LOOPBACK.includes(hostIp)) problems.push(`${name}: port ${exposed.join(', ')} published on ${hostIp}`);
    }

    const dependsOn = service.depends_on ?? {};
    if (!service.healthcheck && !Object.keys(dependsOn).length) problems.push(`${name}: neither a healthcheck nor depends_on`);
    if (Array.isArray(dependsOn)) problems.push(`${name}: depends_on without conditions only waits for the container to exist`);
    else {
      for (const [target, { condition } = {}] of Object.entries(dependsOn)) {
        if (condition === 'service_healthy' && !services[target]?.healthcheck) problems.push(`${name}: waits for ${target} to be healthy, which has no healthcheck`);
        if (condition !== 'service_healthy' && condition !== 'service_completed_successfully') {
          problems.push(`${name}: depends on ${target} being ${condition ?? 'started'}, not healthy or completed`);
        }
      }
    }
  }

  for (const name of APP_SERVICES) {
    const service = services[name];
    if (!service) {
      problems.push(`${name}: missing`);
      continue;
    }
    const env = { ...envOf(service), ...commandEnv(service) };
    if (env.NODE_ENV !== 'production') problems.push(`${name}: NODE_ENV is not production`);
    for (const key of Object.keys(env)) {
      if (!CONFIG_VARIABLES.includes(key)) problems.push(`${name}.${key}: not a setting libs/config knows`);
    }
    for (const key of PRODUCTION_REQUIRED) {
      if (!env[key]) problems.push(`${name}: ${key} is required in production and not given`);
    }
    try {
      loadConfig(interpolated(env));
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  return problems;
}

describe('docker-compose.yml', () => {
  it('is a production deployment: required secrets, no demo, private ports private, settings the app knows', () => {
    expect(composeProblems(COMPOSE)).toEqual([]);
  });

  it('registers every search attribute the workflows set, before the worker starts', () => {
    const services = servicesOf(COMPOSE);
    const [setup] = Object.entries(services).filter(([, service]) => envOf(service).SEARCH_ATTRIBUTES);
    expect(setup).toBeDefined();
    const [name, service] = setup ?? ['', {}];
    expect(envOf(service).SEARCH_ATTRIBUTES?.split(/\s+/).sort()).toEqual([...SEARCH_ATTRIBUTES].sort());
    for (const app of ['api', 'worker']) {
      expect(services[app]?.depends_on).toMatchObject({ [name]: { condition: 'service_completed_successfully' } });
    }
  });

  it('publishes SIP and exactly the RTP range the Asterisk image uses, by default and when the operator sets it', () => {
    const asterisk = servicesOf(COMPOSE).asterisk ?? {};
    const ports = (asterisk.ports ?? []).map(String);
    const script = readFileSync(join(ROOT, 'asterisk/telephony-config.sh'), 'utf8');
    const defaultOf = (name: string) => new RegExp(`\\$\\{${name}:-(\\d+)\\}`).exec(script)?.[1];
    const [start, end] = [defaultOf('SIP_TRUNK_RTP_START'), defaultOf('SIP_TRUNK_RTP_END')];
    expect(ports).toEqual(expect.arrayContaining(['5060:5060/udp', '5060:5060/tcp', '5061:5061/tcp']));
    expect(ports.map(withDefaults)).toContain(`${start}-${end}:${start}-${end}/udp`);
    // The range published is the range rtp.conf gets: the same variables reach the container.
    const rtp = ports.find((port) => port.includes('SIP_TRUNK_RTP_START'));
    const range = `\${SIP_TRUNK_RTP_START:-${start}}-\${SIP_TRUNK_RTP_END:-${end}}`;
    expect(rtp).toBe(`${range}:${range}/udp`);
    expect(envOf(asterisk)).toMatchObject({ SIP_TRUNK_RTP_START: null, SIP_TRUNK_RTP_END: null });
  });

  it("passes every variable of the Asterisk image's trunk through, and no other", () => {
    const script = readFileSync(join(ROOT, 'asterisk/telephony-config.sh'), 'utf8');
    const read = [...new Set([...script.matchAll(/\$\{(SIP_TRUNK_[A-Z_]+)/g)].map(([, name]) => name))].sort();
    const passed = Object.keys(envOf(servicesOf(COMPOSE).asterisk ?? {})).filter((name) => name.startsWith('SIP_TRUNK_'));
    expect(passed.sort()).toEqual(read);
  });

  // Each problem the test exists for, planted in the real file, is found.
  it.each([
    ['a service without image or build', (f: string) => f.replace('image: postgres:', 'x-image: postgres:'), 'postgres: neither image nor build'],
    ['an app outside production', (f: string) => f.replace('NODE_ENV: production', 'NODE_ENV: development'), 'api: NODE_ENV is not production'],
    ['a secret with a default', (f: string) => f.replace('${JWT_SECRET:?', '${JWT_SECRET:-'), 'JWT_SECRET must be required'],
    ['the demo seed', (f: string) => f.replace('migrate.js"]', 'migrate.js", "--seed-demo"]'), 'migrate: seeds the demo login'],
    ['the development JWT secret', (f: string) => `${f}\n# ${PUBLISHED_SECRETS[0]}\n`, 'published secret'],
    ['the sandbox database password', (f: string) => f.replace(/postgres:\$\{POSTGRES_PASSWORD:\?[^}]*\}@/, 'postgres:postgres@'), 'published password "postgres"'],
    ['ARI on every address', (f: string) => f.replace('- "5060:5060/udp"', '- "8088:8088"\n      - "5060:5060/udp"'), 'asterisk: port 8088 published on 0.0.0.0'],
    ['FastAGI on a public address', (f: string) => f.replace('- "5060:5060/udp"', '- "203.0.113.7:4573:4573"\n      - "5060:5060/udp"'), 'port 4573 published on 203.0.113.7'],
    ['a variable the app does not know', (f: string) => f.replace('NODE_ENV: production', 'NODE_ENV: production\n  JWT_SECRETS: x'), 'JWT_SECRETS: not a setting'],
    ['a worker setting the app does not know', (f: string) => f.replace('AGI_PUBLIC_URL=', 'AGI_PUBLIC_URI='), 'worker.AGI_PUBLIC_URI: not a setting'],
    ['a required setting not given', (f: string) => f.replace(/\n {2}ARI_PASSWORD: .*/, ''), 'ARI_PASSWORD is required in production and not given'],
  ])('finds %s', (_, plant, problem) => {
    const planted = plant(COMPOSE);
    expect(planted).not.toBe(COMPOSE);
    expect(composeProblems(planted).join('\n')).toContain(problem);
  });
});

describe('the Asterisk image', () => {
  const context = join(ROOT, 'asterisk');

  it("leaves out the sandbox's ARI account, and no file it copies holds a published password", () => {
    const ignored = readFileSync(join(context, '.dockerignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toContain('ari.conf');
    const published = new RegExp(`^\\s*password\\s*=\\s*(${PUBLISHED_SECRETS.join('|')})\\s*$`, 'm');
    const copied = readdirSync(context, { recursive: true, encoding: 'utf8' }).filter((file) => !ignored.includes(file) && /\.(conf|sh)$/.test(file));
    expect(copied).toContain('pjsip.conf');
    expect(copied.filter((file) => published.test(readFileSync(join(context, file), 'utf8')))).toEqual([]);
  });

  it.each([
    ['no password', {}],
    ['the sandbox password', { ARI_PASSWORD: 'dialer' }],
    ['a short password', { ARI_PASSWORD: 'short' }],
    ['a password ari.conf cannot hold', { ARI_PASSWORD: 'sixteen-chars;comment' }],
  ])('does not start with %s', (_, env) => {
    const run = () => execFileSync('sh', [join(context, 'docker-entrypoint.sh'), 'true'], { env: { PATH: process.env.PATH, ...env }, stdio: 'pipe' });
    expect(run).toThrow(/ARI_PASSWORD/);
  });
});
