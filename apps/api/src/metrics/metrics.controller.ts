import { Controller, Get, Inject, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '../../../../libs/config/src';
import { apiMetricsRegistry } from '../../../../libs/observability/src';
import { Public } from '../auth/auth.guard';
import { APP_CONFIG } from '../common/app-config.provider';

/**
 * Prometheus's scrape of this API process, at /metrics (outside /api/v1: it is no part of the API). No
 * credential, as scrapers send none; it answers only when METRICS_ENABLED, because this port is the one a
 * reverse proxy publishes (docs/operations.md: keep /metrics off the proxy).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get()
  async scrape(@Res() response: Response): Promise<void> {
    if (!this.config.metrics.enabled) throw new NotFoundException();
    response.type(apiMetricsRegistry.contentType).send(await apiMetricsRegistry.metrics());
  }
}
