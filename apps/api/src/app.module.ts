import { Module } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../../libs/config/src';
import { CampaignRepository, ContactQueue, ENTITIES, WebhookRepository, dataSourceOptions } from '../../../libs/db/src';
import { RecordingFiles } from '../../../libs/recordings/src';
import { CampaignLauncher } from '../../../libs/scheduling/src';
import { WebhookDispatcher } from '../../../libs/webhooks/src';
import { ApiKeysController } from './auth/api-keys.controller';
import { ApiKeysService } from './auth/api-keys.service';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { RolesGuard } from './auth/roles.guard';
import { CallsController } from './calls/calls.controller';
import { CallsService } from './calls/calls.service';
import { ReanalysesController } from './calls/reanalyses.controller';
import { ReanalysesService } from './calls/reanalyses.service';
import { CampaignRunner } from './campaigns/campaign-runner.service';
import { CampaignScheduleController } from './campaigns/campaign-schedule.controller';
import { CampaignSchedules } from './campaigns/campaign-schedules.service';
import { CampaignsController } from './campaigns/campaigns.controller';
import { CampaignsService } from './campaigns/campaigns.service';
import { APP_CONFIG } from './common/app-config.provider';
import { ConfigModule } from './common/config.module';
import { REPOSITORY_PROVIDERS } from './common/repositories.provider';
import { ContactsController } from './contacts/contacts.controller';
import { ContactsService } from './contacts/contacts.service';
import { DashboardController } from './dashboard/dashboard.controller';
import { DncController } from './dnc/dnc.controller';
import { DialLimitsController } from './organization/dial-limits.controller';
import { DncService } from './dnc/dnc.service';
import { ChangeFeed } from './events/change-feed.service';
import { EventsController } from './events/events.controller';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ScriptsController } from './scripts/scripts.controller';
import { TEMPORAL_CLIENT, temporalClientProvider } from './temporal/temporal.provider';
import { UsersController } from './users/users.controller';
import { WebConsoleModule } from './web-console';
import { WebhooksController } from './webhooks/webhooks.controller';
import { WEBHOOK_DISPATCHER, WebhooksService } from './webhooks/webhooks.service';

@Module({
  imports: [
    ConfigModule,
    TypeOrmModule.forRootAsync({
      imports: [ConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => dataSourceOptions(config.databaseUrl),
    }),
    TypeOrmModule.forFeature(ENTITIES),
    JwtModule.registerAsync({
      imports: [ConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ secret: config.jwt.secret, signOptions: { expiresIn: config.jwt.ttlSeconds } }),
    }),
    ThrottlerModule.forRootAsync({
      imports: [ConfigModule],
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ ttl: 60_000, limit: config.rateLimits.callControlPerMinute }],
    }),
    WebConsoleModule,
  ],
  controllers: [
    HealthController,
    AuthController,
    UsersController,
    ApiKeysController,
    CampaignsController,
    CampaignScheduleController,
    ContactsController,
    ReanalysesController,
    CallsController,
    DncController,
    DialLimitsController,
    ScriptsController,
    DashboardController,
    EventsController,
    WebhooksController,
    MetricsController,
  ],
  providers: [
    temporalClientProvider,
    ...REPOSITORY_PROVIDERS,
    CampaignsService,
    CampaignRunner,
    CampaignSchedules,
    ContactsService,
    CallsService,
    ReanalysesService,
    DncService,
    ApiKeysService,
    ChangeFeed,
    WebhooksService,
    {
      provide: WEBHOOK_DISPATCHER,
      inject: [TEMPORAL_CLIENT, WebhookRepository, APP_CONFIG],
      useFactory: (temporal: Client, webhooks: WebhookRepository, config: AppConfig) =>
        new WebhookDispatcher(temporal, webhooks, { taskQueue: config.temporal.taskQueue, retry: config.webhooks.retry }),
    },
    {
      provide: CampaignLauncher,
      inject: [TEMPORAL_CLIENT, CampaignRepository, ContactQueue, APP_CONFIG],
      useFactory: (temporal: Client, campaigns: CampaignRepository, contactQueue: ContactQueue, config: AppConfig) =>
        new CampaignLauncher(temporal, campaigns, contactQueue, config.temporal.taskQueue),
    },
    { provide: RecordingFiles, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new RecordingFiles(config.recordings.dir) },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
})
export class AppModule {}
