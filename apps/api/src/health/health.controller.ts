import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { HealthRepository } from '../../../../libs/db/src';
import { probeReadiness } from '../../../../libs/observability/src';
import { Public } from '../auth/auth.guard';
import { TEMPORAL_CLIENT } from '../temporal/temporal.provider';

const PROBE_TIMEOUT_MS = 3000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: HealthRepository,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Temporal both answer; otherwise 503 with Retry-After (from the error filter).
   * Asterisk is the worker's (its GET /ready on the audio server checks ARI): the API never calls ARI.
   */
  @Get('ready')
  async ready() {
    const result = await probeReadiness(
      {
        postgres: () => this.database.ping(),
        // A deadline, not only the probe's timeout: the client would otherwise keep retrying an abandoned probe for ~20 s.
        temporal: () => this.temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => this.temporal.workflowService.getSystemInfo({})),
      },
      PROBE_TIMEOUT_MS,
    );
    if (result.status !== 'ok') throw new ServiceUnavailableException(result);
    return result;
  }
}
