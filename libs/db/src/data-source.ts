import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { InitialSchema1732406400000 } from './migrations/1732406400000-initial-schema';
import { ApiSurface1732492800000 } from './migrations/1732492800000-api-surface';
import { CampaignState1732579200000 } from './migrations/1732579200000-campaign-state';
import { ContactClaimOrder1732665600000 } from './migrations/1732665600000-contact-claim-order';
import { DialPacing1732752000000 } from './migrations/1732752000000-dial-pacing';
import { LlmUsage1732838400000 } from './migrations/1732838400000-llm-usage';
import { ScriptLanguage1732924800000 } from './migrations/1732924800000-script-language';
import { Webhooks1733011200000 } from './migrations/1733011200000-webhooks';
import { CallAnalyses1733097600000 } from './migrations/1733097600000-call-analyses';
import { CallRecordings1733184000000 } from './migrations/1733184000000-call-recordings';
import { AgentHandoff1733270400000 } from './migrations/1733270400000-agent-handoff';
import { Rehearsal1733356800000 } from './migrations/1733356800000-rehearsal';
import { OrganizationDialLimits1733443200000 } from './migrations/1733443200000-organization-dial-limits';

export const MIGRATIONS = [
  InitialSchema1732406400000,
  ApiSurface1732492800000,
  CampaignState1732579200000,
  ContactClaimOrder1732665600000,
  DialPacing1732752000000,
  LlmUsage1732838400000,
  ScriptLanguage1732924800000,
  Webhooks1733011200000,
  CallAnalyses1733097600000,
  CallRecordings1733184000000,
  AgentHandoff1733270400000,
  Rehearsal1733356800000,
  OrganizationDialLimits1733443200000,
];

/** One definition of the connection for the API, the worker, the migration script and the tests. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    extra: { max: 20 },
  };
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
