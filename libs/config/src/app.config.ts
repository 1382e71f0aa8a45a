import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CALL_SETTING_RULES } from '../../contracts/src/call-settings';
import type { CallSettings } from '../../contracts/src/domain';
import type { WebhookRetryPolicy } from '../../contracts/src/webhooks';

/**
 * A default call setting from the environment, within the bounds every other door checks too. `unit` scales
 * the variable into the setting (RETRY_DELAY_MS is milliseconds; the setting is minutes).
 */
function setting(name: keyof typeof CALL_SETTING_RULES, fallback: number, unit = 1) {
  const { min, max, integer } = CALL_SETTING_RULES[name];
  const number = integer && unit === 1 ? z.coerce.number().int() : z.coerce.number();
  return number.min(min * unit).max(max * unit).default(fallback * unit);
}

/** Set, or unset when empty: compose passes an optional variable through as an empty one. */
function optionalText() {
  return z
    .string()
    .optional()
    .transform((value) => value || undefined);
}

/** Every setting of the API and the worker, read from the environment once at start-up. */
const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:54329/ai_dialer'),
  JWT_SECRET: z.string().min(16).optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().positive().default(12 * 3600),
  RATE_LIMIT_CALL_CONTROL_PER_MINUTE: z.coerce.number().int().min(1).default(30),

  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'debug', 'verbose']).default('info'),
  /** JSON lines for a log collector; by default in production only, a terminal reads text better. */
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  /** The API's GET /metrics, the worker's metrics port and the Temporal SDK's; all off by default. */
  METRICS_ENABLED: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').default(false),
  /** Metrics carry no tenant data but say much about the business: loopback unless a scraper must reach them. */
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  /** The Temporal SDK serves its own metrics (workflow and activity task latencies, slots, polls) on another port. */
  TEMPORAL_METRICS_PORT: z.coerce.number().int().min(1).max(65535).default(9465),

  TEMPORAL_ADDRESS: z.string().default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  TEMPORAL_TASK_QUEUE: z.string().default('ai-dialer'),
  TEMPORAL_TLS: z.enum(['on', 'off']).optional(),
  TEMPORAL_TLS_CERT_PATH: optionalText(),
  TEMPORAL_TLS_KEY_PATH: optionalText(),
  TEMPORAL_TLS_CA_PATH: optionalText(),
  TEMPORAL_TLS_SERVER_NAME: optionalText(),
  TEMPORAL_API_KEY: optionalText(),

  ARI_URL: z.string().url().default('http://127.0.0.1:8088'),
  ARI_USER: z.string().default('dialer'),
  ARI_PASSWORD: z.string().default('dialer'),
  ARI_APP: z.string().default('ai-dialer'),
  DIAL_STRING_TEMPLATE: z
    .string()
    .refine((v) => v.includes('{number}'), 'must contain {number}')
    .default('Local/{number}@sim-customers'),
  REHEARSAL_DIAL_STRING_TEMPLATE: z
    .string()
    .refine((v) => v.includes('{number}'), 'must contain {number}')
    .default('Local/{number}@sim-customers'),
  ANSWERED_CONTEXT: z.string().default('dialer-answered'),
  CALLER_ID: z.string().default(''),

  AGI_HOST: z.string().default('127.0.0.1'),
  AGI_PORT: z.coerce.number().int().min(0).max(65535).default(4573),
  AGI_PUBLIC_URL: z.string().url().optional(),
  AUDIO_HOST: z.string().default('127.0.0.1'),
  AUDIO_PORT: z.coerce.number().int().min(0).max(65535).default(4574),
  AUDIO_BASE_URL: z.string().url().optional(),
  AUDIOSOCKET_HOST: z.string().default('127.0.0.1'),
  AUDIOSOCKET_PORT: z.coerce.number().int().min(0).max(65535).default(4575),
  AUDIOSOCKET_PUBLIC_ADDRESS: z
    .string()
    .regex(/^[^\s:,]+:\d{1,5}$/, 'must be host:port')
    .optional(),

  TTS_ENGINE: z.enum(['espeak', 'telnyx', 'openai']).default('espeak'),
  TTS_VOICE: z.enum(['female', 'male']).default('female'),
  TTS_LANGUAGE: z.string().default('en-US'),
  TTS_CACHE_DIR: z.string().default('/tmp/ai-dialer-tts'),
  /** Past this a cloud voice's utterance is spoken by eSpeak instead. */
  TTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(3000),
  TTS_BASE_URL: z.string().url().default('https://api.openai.com/v1'),
  TTS_API_KEY: z.string().optional(),
  TTS_MODEL: z.string().default('tts-1'),
  TTS_VOICE_NAME: z.string().default('alloy'),
  TELNYX_API_KEY: z.string().optional(),
  TELNYX_BASE_URL: z.string().url().default('https://api.telnyx.com/v2'),
  TELNYX_VOICE: z.string().default('Telnyx.NaturalHD.astra'),

  MAX_CONCURRENT_CALLS: setting('maxConcurrentCalls', 10),
  CALL_INTERVAL_MS: setting('callIntervalMs', 30000),
  MAX_RETRY_ATTEMPTS: setting('retryAttempts', 3),
  RETRY_DELAY_MS: setting('retryDelayMinutes', 5, 60_000),
  CALL_TIMEOUT_SECONDS: setting('callTimeoutSeconds', 30),
  MAX_CALL_SECONDS: setting('maxCallSeconds', 600),
  STT_ENGINE: z.enum(['pocketsphinx', 'none', 'openai', 'deepgram', 'telnyx']).default('pocketsphinx'),
  POCKETSPHINX_MODEL_DIR: z.string().default('/usr/share/pocketsphinx/model/en-us'),
  STT_BASE_URL: z.string().url().optional(),
  STT_API_KEY: z.string().optional(),
  STT_MODEL: z.string().optional(),
  STT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60000).default(8000),
  /** Where Asterisk writes recordings (inside its own filesystem); ARI serves them back. */
  RECORDING_DIR: z.string().default('/var/spool/asterisk/recording'),
  /** Where the worker keeps call recordings it moved off Asterisk, and the API reads them: one directory both see. */
  RECORDINGS_DIR: z.string().min(1).default('recordings'),
  /** How often the worker deletes recordings past their campaign's retention; 0 turns it off. */
  RECORDINGS_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
  LLM_BASE_URL: z.string().url().optional(),
  LLM_MODEL: z.string().optional(),
  LLM_API_KEY: z.string().optional(),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(2500),
  MAX_TURNS: z.coerce.number().int().min(1).max(50).default(6),
  LISTEN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(60).default(6),
  END_OF_SPEECH_MS: z.coerce.number().int().min(200).max(3000).default(400),
  // Hang up by default: a prerecorded message on a US answering machine needs the person's prior consent.
  VOICEMAIL_ACTION: z.enum(['message', 'hangup']).default('hangup'),
  COST_PER_MINUTE: z.coerce.number().min(0).default(0),
  TTS_COST_PER_1K_CHARS: z.coerce.number().min(0).default(0),
  // Providers price input and output tokens apart.
  LLM_COST_PER_1K_PROMPT_TOKENS: z.coerce.number().min(0).default(0),
  LLM_COST_PER_1K_COMPLETION_TOKENS: z.coerce.number().min(0).default(0),
  CIRCUIT_BREAKER_FAILURE_RATE: setting('breakerFailureRate', 0.5),
  CIRCUIT_BREAKER_WINDOW: setting('breakerWindow', 20),
  CIRCUIT_BREAKER_MIN_CALLS: setting('breakerMinCalls', 10),

  // Webhook deliveries back off from the first interval to the maximum, and give up after the window.
  WEBHOOK_RETRY_INITIAL_MS: z.coerce.number().int().min(10).default(10_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(10).default(5 * 60_000),
  WEBHOOK_GIVE_UP_HOURS: z.coerce.number().min(0.001).max(24 * 30).default(72),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** How often the worker starts deliveries a dead process or an unreachable Temporal left unstarted; 0 turns it off. */
  WEBHOOK_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(60_000),
  /** An event is swept only once it is this old, so the sweep does not race the activity that wrote it. */
  WEBHOOK_SWEEP_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
});

type Env = z.infer<typeof schema>;

/** A cloud voice for the conversation; eSpeak speaks any utterance it fails on. */
export type CloudVoiceConfig =
  | { engine: 'telnyx'; baseUrl: string; apiKey: string; voice: string; timeoutMs: number }
  | { engine: 'openai'; baseUrl: string; apiKey: string; model: string; voice: string; timeoutMs: number };

/** How the API and the worker reach Temporal; libs/config/src/temporal-connection.ts turns it into SDK options. */
export interface TemporalConfig {
  address: string;
  namespace: string;
  taskQueue: string;
  /** Absent for a plaintext frontend (the sandbox's dev server, the compose file's own server). */
  tls?: {
    /** mTLS: the client certificate and its private key, PEM files. */
    clientCert?: { certPath: string; keyPath: string };
    /** The server's root CA, PEM; without it the system's trusted roots verify the server. */
    serverRootCaPath?: string;
    /** The name checked against the server's certificate (and sent as SNI) instead of the address's host. */
    serverName?: string;
  };
  /** Temporal Cloud API key, sent as a bearer token. */
  apiKey?: string;
}

export interface AppConfig {
  env: Env['NODE_ENV'];
  port: number;
  databaseUrl: string;
  jwt: { secret: string; ttlSeconds: number };
  /** Requests per minute and organization to the routes that start, steer or feed calls. */
  rateLimits: { callControlPerMinute: number };
  logging: { level: Env['LOG_LEVEL']; format: 'json' | 'pretty' };
  /** host and ports are the worker's: the API serves GET /metrics on its own port. */
  metrics: { enabled: boolean; host: string; port: number; temporalPort: number };
  temporal: TemporalConfig;
  ari: { url: string; user: string; password: string; app: string };
  /** rehearsalDialStringTemplate: how a rehearsal dials the simulated customers instead of the trunk. */
  dialing: { dialStringTemplate: string; rehearsalDialStringTemplate: string; answeredContext: string; callerId: string };
  /** publicUrl: how Asterisk reaches this worker's FastAGI server when that is not host:port. */
  agi: { host: string; port: number; publicUrl?: string };
  audio: { host: string; port: number; baseUrl?: string };
  /** Where the worker receives callers' audio live (Asterisk's AudioSocket), and how Asterisk reaches it. */
  audioSocket: { host: string; port: number; publicAddress?: string };
  tts: { engine: Env['TTS_ENGINE']; voice: Env['TTS_VOICE']; language: string; cacheDir: string; cloud?: CloudVoiceConfig };
  callDefaults: CallSettings;
  webhooks: {
    retry: WebhookRetryPolicy;
    sweepIntervalMs: number;
    sweepGraceMs: number;
    /** Plain-HTTP endpoints on this host are accepted (outside production), for local receivers. */
    allowLocalHttp: boolean;
  };
  /** Whole-call recordings: where they are kept (absolute), and how often expired ones are deleted. */
  recordings: { dir: string; sweepIntervalMs: number };
  conversation: {
    maxTurns: number;
    /** How long the AI waits for a key press (or speech) before it counts the turn as unclear. */
    listenTimeoutMs: number;
    /** The silence after a customer's speech that ends their turn (the endpoint). */
    endOfSpeechMs: number;
    voicemailAction: Env['VOICEMAIL_ACTION'];
    rates: { perMinute: number; ttsPer1kChars: number; llmPer1kPromptTokens: number; llmPer1kCompletionTokens: number };
    /** Speech to text for spoken turns; without it the conversation runs on key presses. */
    stt?:
      | { engine: 'pocketsphinx'; modelDir: string; timeoutMs: number }
      | { engine: 'openai' | 'deepgram' | 'telnyx'; baseUrl: string; apiKey: string; model: string; timeoutMs: number };
    recordingDir: string;
    /** An OpenAI-compatible model for spoken turns; the rules answer when it is unset, slow or failing. */
    llm?: { baseUrl: string; model: string; apiKey?: string; timeoutMs: number };
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const DEV_JWT_SECRET = 'ai-dialer-development-secret-not-for-production';

/** Every variable the schema reads; anything else given to the API or the worker is a typo or a leftover. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

/** What production must set itself: the defaults are the sandbox's, published in this repository. */
export const PRODUCTION_REQUIRED = ['JWT_SECRET', 'DATABASE_URL', 'ARI_PASSWORD'] as const;

/**
 * Secrets anyone who has read this repository knows (the development JWT secret, the sandbox's ARI and
 * PostgreSQL passwords, the demo login); production refuses each of them.
 */
export const PUBLISHED_SECRETS: readonly string[] = [DEV_JWT_SECRET, 'dialer', 'postgres', 'demo-password'];

/** HS256 wants a key at least as long as its 256-bit hash; ARI's password guards call control. */
const PRODUCTION_MIN_LENGTH = { JWT_SECRET: 32, ARI_PASSWORD: 16 };

/** Validates the environment; the error names the bad variables, never their values. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = schema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  const sttApiKey = e.STT_API_KEY || (e.STT_ENGINE === 'telnyx' ? e.TELNYX_API_KEY : undefined);
  if (e.STT_ENGINE !== 'none' && e.STT_ENGINE !== 'pocketsphinx' && !sttApiKey) {
    const variable = e.STT_ENGINE === 'telnyx' ? 'STT_API_KEY or TELNYX_API_KEY' : 'STT_API_KEY';
    throw new ConfigError(`Invalid configuration: ${variable} is required when STT_ENGINE=${e.STT_ENGINE}`);
  }
  if (e.LLM_BASE_URL && !e.LLM_MODEL) {
    throw new ConfigError('Invalid configuration: LLM_MODEL is required when LLM_BASE_URL is set');
  }
  const temporalTls = temporalTlsFrom(e);
  if (e.METRICS_ENABLED && e.METRICS_PORT === e.TEMPORAL_METRICS_PORT) {
    throw new ConfigError('Invalid configuration: METRICS_PORT and TEMPORAL_METRICS_PORT must differ');
  }
  const unsafe = e.NODE_ENV === 'production' ? productionProblems(source, e) : [];
  if (unsafe.length) throw new ConfigError(`Invalid configuration: ${unsafe.join('; ')}`);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    jwt: { secret: e.JWT_SECRET ?? DEV_JWT_SECRET, ttlSeconds: e.JWT_TTL_SECONDS },
    rateLimits: { callControlPerMinute: e.RATE_LIMIT_CALL_CONTROL_PER_MINUTE },
    logging: { level: e.LOG_LEVEL, format: e.LOG_FORMAT ?? (e.NODE_ENV === 'production' ? 'json' : 'pretty') },
    metrics: { enabled: e.METRICS_ENABLED, host: e.METRICS_HOST, port: e.METRICS_PORT, temporalPort: e.TEMPORAL_METRICS_PORT },
    temporal: {
      address: e.TEMPORAL_ADDRESS,
      namespace: e.TEMPORAL_NAMESPACE,
      taskQueue: e.TEMPORAL_TASK_QUEUE,
      tls: temporalTls,
      apiKey: e.TEMPORAL_API_KEY,
    },
    ari: { url: e.ARI_URL, user: e.ARI_USER, password: e.ARI_PASSWORD, app: e.ARI_APP },
    dialing: {
      dialStringTemplate: e.DIAL_STRING_TEMPLATE,
      rehearsalDialStringTemplate: e.REHEARSAL_DIAL_STRING_TEMPLATE,
      answeredContext: e.ANSWERED_CONTEXT,
      callerId: e.CALLER_ID,
    },
    agi: { host: e.AGI_HOST, port: e.AGI_PORT, publicUrl: e.AGI_PUBLIC_URL },
    audio: { host: e.AUDIO_HOST, port: e.AUDIO_PORT, baseUrl: e.AUDIO_BASE_URL },
    audioSocket: { host: e.AUDIOSOCKET_HOST, port: e.AUDIOSOCKET_PORT, publicAddress: e.AUDIOSOCKET_PUBLIC_ADDRESS },
    tts: { engine: e.TTS_ENGINE, voice: e.TTS_VOICE, language: e.TTS_LANGUAGE, cacheDir: e.TTS_CACHE_DIR, cloud: cloudVoice(e) },
    callDefaults: {
      maxConcurrentCalls: e.MAX_CONCURRENT_CALLS,
      callIntervalMs: e.CALL_INTERVAL_MS,
      retryAttempts: e.MAX_RETRY_ATTEMPTS,
      retryDelayMinutes: e.RETRY_DELAY_MS / 60000,
      callTimeoutSeconds: e.CALL_TIMEOUT_SECONDS,
      maxCallSeconds: e.MAX_CALL_SECONDS,
      breakerFailureRate: e.CIRCUIT_BREAKER_FAILURE_RATE,
      breakerWindow: e.CIRCUIT_BREAKER_WINDOW,
      breakerMinCalls: e.CIRCUIT_BREAKER_MIN_CALLS,
    },
    webhooks: {
      retry: {
        initialIntervalMs: e.WEBHOOK_RETRY_INITIAL_MS,
        maximumIntervalMs: Math.max(e.WEBHOOK_RETRY_MAX_MS, e.WEBHOOK_RETRY_INITIAL_MS),
        giveUpAfterMs: Math.round(e.WEBHOOK_GIVE_UP_HOURS * 3_600_000),
        requestTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      },
      sweepIntervalMs: e.WEBHOOK_SWEEP_INTERVAL_MS,
      sweepGraceMs: e.WEBHOOK_SWEEP_GRACE_MS,
      allowLocalHttp: e.NODE_ENV !== 'production',
    },
    recordings: { dir: resolve(e.RECORDINGS_DIR), sweepIntervalMs: e.RECORDINGS_SWEEP_INTERVAL_MS },
    conversation: {
      maxTurns: e.MAX_TURNS,
      listenTimeoutMs: e.LISTEN_TIMEOUT_SECONDS * 1000,
      endOfSpeechMs: e.END_OF_SPEECH_MS,
      voicemailAction: e.VOICEMAIL_ACTION,
      rates: {
        perMinute: e.COST_PER_MINUTE,
        ttsPer1kChars: e.TTS_COST_PER_1K_CHARS,
        llmPer1kPromptTokens: e.LLM_COST_PER_1K_PROMPT_TOKENS,
        llmPer1kCompletionTokens: e.LLM_COST_PER_1K_COMPLETION_TOKENS,
      },
      stt:
        e.STT_ENGINE === 'pocketsphinx'
          ? { engine: 'pocketsphinx', modelDir: e.POCKETSPHINX_MODEL_DIR, timeoutMs: e.STT_TIMEOUT_MS }
          : e.STT_ENGINE !== 'none' && sttApiKey
          ? {
              engine: e.STT_ENGINE,
              baseUrl:
                e.STT_BASE_URL ?? { openai: 'https://api.openai.com/v1', deepgram: 'https://api.deepgram.com', telnyx: e.TELNYX_BASE_URL }[e.STT_ENGINE],
              apiKey: sttApiKey,
              model: e.STT_MODEL ?? { openai: 'whisper-1', deepgram: 'nova-2', telnyx: 'distil-whisper/distil-large-v2' }[e.STT_ENGINE],
              timeoutMs: e.STT_TIMEOUT_MS,
            }
          : undefined,
      recordingDir: e.RECORDING_DIR,
      llm:
        e.LLM_BASE_URL && e.LLM_MODEL
          ? { baseUrl: e.LLM_BASE_URL, model: e.LLM_MODEL, apiKey: e.LLM_API_KEY, timeoutMs: e.LLM_TIMEOUT_MS }
          : undefined,
    },
  };
}

/** Why this environment may not run in production: secrets left at, or set to, values this repository publishes. */
function productionProblems(source: NodeJS.ProcessEnv, e: Env): string[] {
  const missing = PRODUCTION_REQUIRED.filter((name) => !source[name]);
  if (missing.length) return missing.map((name) => `${name} is required when NODE_ENV=production`);
  const problems: string[] = [];
  for (const name of ['JWT_SECRET', 'ARI_PASSWORD'] as const) {
    const value = e[name] ?? '';
    if (value.length < PRODUCTION_MIN_LENGTH[name] || PUBLISHED_SECRETS.includes(value)) {
      problems.push(`${name} must be at least ${PRODUCTION_MIN_LENGTH[name]} characters and not a value published in this repository`);
    }
  }
  if (PUBLISHED_SECRETS.includes(urlPassword(e.DATABASE_URL))) {
    problems.push('DATABASE_URL must not use a password published in this repository');
  }
  return problems;
}

/** The password of a connection URL, percent-decoding undone where it is well formed. */
function urlPassword(url: string): string {
  const { password } = new URL(url);
  try {
    return decodeURIComponent(password);
  } catch {
    return password;
  }
}

const TEMPORAL_TLS_SETTINGS = ['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CA_PATH', 'TEMPORAL_TLS_SERVER_NAME'] as const;

/**
 * TLS to Temporal: on when TEMPORAL_TLS=on, and when unset but an API key or a TLS setting is given (a
 * certificate with TLS off would be ignored silently, and an API key must not travel in plaintext).
 */
function temporalTlsFrom(e: Env): TemporalConfig['tls'] {
  const given = TEMPORAL_TLS_SETTINGS.filter((name) => e[name]);
  if (e.TEMPORAL_TLS === 'off') {
    const conflicting = [...given, ...(e.TEMPORAL_API_KEY ? ['TEMPORAL_API_KEY'] : [])];
    if (conflicting.length) throw new ConfigError(`Invalid configuration: TEMPORAL_TLS=off conflicts with ${conflicting.join(', ')}`);
    return undefined;
  }
  if (e.TEMPORAL_TLS !== 'on' && !given.length && !e.TEMPORAL_API_KEY) return undefined;
  if (Boolean(e.TEMPORAL_TLS_CERT_PATH) !== Boolean(e.TEMPORAL_TLS_KEY_PATH)) {
    throw new ConfigError('Invalid configuration: TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH go together (the mTLS certificate and its key)');
  }
  const unreadable = (['TEMPORAL_TLS_CERT_PATH', 'TEMPORAL_TLS_KEY_PATH', 'TEMPORAL_TLS_CA_PATH'] as const).flatMap((name) => {
    const problem = fileProblem(e[name]);
    return problem ? [`${name}: ${problem}`] : [];
  });
  if (unreadable.length) throw new ConfigError(`Invalid configuration: ${unreadable.join('; ')}`);
  return {
    clientCert: e.TEMPORAL_TLS_CERT_PATH && e.TEMPORAL_TLS_KEY_PATH ? { certPath: e.TEMPORAL_TLS_CERT_PATH, keyPath: e.TEMPORAL_TLS_KEY_PATH } : undefined,
    serverRootCaPath: e.TEMPORAL_TLS_CA_PATH,
    serverName: e.TEMPORAL_TLS_SERVER_NAME,
  };
}

/** Why the file at path cannot be read, or nothing when it can (or no path is given). */
function fileProblem(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    if (!statSync(path).isFile()) return `${path} is not a file`;
    accessSync(path, constants.R_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${code ?? String(error)})`;
  }
}

/** The cloud voice TTS_ENGINE names, with its key required; none for eSpeak. */
function cloudVoice(e: Env): CloudVoiceConfig | undefined {
  if (e.TTS_ENGINE === 'telnyx') {
    if (!e.TELNYX_API_KEY) throw new ConfigError('Invalid configuration: TELNYX_API_KEY is required when TTS_ENGINE=telnyx');
    return { engine: 'telnyx', baseUrl: e.TELNYX_BASE_URL, apiKey: e.TELNYX_API_KEY, voice: e.TELNYX_VOICE, timeoutMs: e.TTS_TIMEOUT_MS };
  }
  if (e.TTS_ENGINE === 'openai') {
    if (!e.TTS_API_KEY) throw new ConfigError('Invalid configuration: TTS_API_KEY is required when TTS_ENGINE=openai');
    return {
      engine: 'openai',
      baseUrl: e.TTS_BASE_URL,
      apiKey: e.TTS_API_KEY,
      model: e.TTS_MODEL,
      voice: e.TTS_VOICE_NAME,
      timeoutMs: e.TTS_TIMEOUT_MS,
    };
  }
  return undefined;
}
