import { type ActivityInterceptorsFactory, type Logger, Runtime, makeTelemetryFilterString } from '@temporalio/worker';
import type { AppConfig } from '../../../libs/config/src';
import { callWorkflowId, parseCallChannelId } from '../../../libs/contracts/src';
import type { ConversationPort } from '../../../libs/conversation/src';
import { MetricsServer, definedIds, timeConversationTurn, withLogContext } from '../../../libs/observability/src';
import type { AgiHandler } from '../../../libs/telephony/src/fastagi';

/**
 * Every activity runs in a log context of its workflow and of the organization, campaign and call its input
 * names, so whatever it logs (and the SDK logs for it) carries those ids.
 */
export const activityLogContext: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    execute: (input, next) =>
      withLogContext({ ...definedIds(input.args[0]), workflowId: context.info.workflowExecution?.workflowId }, () => next(input)),
  },
});

/** A conversation's lines carry its call's workflow and campaign, read from the channel id as the handler does. */
export function withCallLogContext(handler: AgiHandler): AgiHandler {
  return (session) => {
    const attempt = parseCallChannelId(session.env.uniqueid ?? '');
    if (!attempt) return handler(session);
    return withLogContext({ campaignId: attempt.campaignId, workflowId: callWorkflowId(attempt) }, () => handler(session));
  };
}

/** The conversation port with each turn's round trip (customer in, the workflow's reply out) timed. */
export function timedTurns(port: ConversationPort): ConversationPort {
  return { ...port, turn: (workflowId, turn, customer) => timeConversationTurn(() => port.turn(workflowId, turn, customer)) };
}

/** The worker's GET /metrics, when metrics are enabled; resolves to how to close it. */
export async function serveWorkerMetrics(config: AppConfig, logger: { log(message: string): void }): Promise<(() => Promise<void>) | undefined> {
  if (!config.metrics.enabled) return undefined;
  const server = new MetricsServer();
  const port = await server.listen(config.metrics.port, config.metrics.host);
  logger.log(`metrics on http://${hostForUrl(config.metrics.host)}:${port}/metrics, Temporal SDK metrics on port ${config.metrics.temporalPort}`);
  return () => server.close();
}

/**
 * The Temporal SDK's runtime, once per process and before any connection: its logs, the native core's
 * included, to the given logger (the dialer's, through TemporalLogger) and, when metrics are enabled, its Prometheus endpoint (served by the SDK
 * itself, on its own port).
 */
export function installTemporalRuntime(config: AppConfig, logger: Logger): Runtime {
  return Runtime.install({
    logger,
    telemetryOptions: {
      // The SDK's native core writes to the console in its own format unless forwarded: through the logger, its
      // warnings (a lost connection to the server) are lines like every other.
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(config.metrics.enabled ? { metrics: { prometheus: { bindAddress: `${hostForUrl(config.metrics.host)}:${config.metrics.temporalPort}` } } } : {}),
    },
  });
}

/** An IPv6 address goes in brackets before its port. */
function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}
