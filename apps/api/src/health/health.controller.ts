import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Client } from '@temporalio/client';
import { HealthRepository } from '../../../../libs/db/src';
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
   * Asterisk is the worker's: the API never calls ARI, so its readiness does not wait on it.
   */
  @Get('ready')
  async ready() {
    const checks = await Promise.all([
      this.check('postgres', () => this.database.ping()),
      // A deadline, not only the race below: the client would otherwise keep retrying an abandoned probe for ~20 s.
      this.check('temporal', () => this.temporal.connection.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const result = { status: checks.every((c) => c.ok) ? 'ok' : 'unavailable', checks };
    if (result.status !== 'ok') throw new ServiceUnavailableException(result);
    return result;
  }

  private async check(name: string, probe: () => Promise<unknown>) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([probe(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), PROBE_TIMEOUT_MS)))]);
      return { name, ok: true };
    } catch (error) {
      return { name, ok: false, error: error instanceof Error ? error.message : String(error) };
    } finally {
      clearTimeout(timer);
    }
  }
}
