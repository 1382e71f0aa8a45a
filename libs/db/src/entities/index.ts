import { ApiKey } from './api-key.entity';
import { CallEvent } from './call-event.entity';
import { Call } from './call.entity';
import { Campaign } from './campaign.entity';
import { Contact } from './contact.entity';
import { DncEntry } from './dnc-entry.entity';
import { Organization } from './organization.entity';
import { Script } from './script.entity';
import { User } from './user.entity';
import { WebhookDelivery, WebhookEndpoint, WebhookEvent } from './webhook.entity';

export { ApiKey, Call, CallEvent, Campaign, Contact, DncEntry, Organization, Script, User, WebhookDelivery, WebhookEndpoint, WebhookEvent };
export type { CallingWindow } from '../../../contracts/src';

export const ENTITIES = [Organization, User, ApiKey, Script, Campaign, Contact, Call, CallEvent, DncEntry, WebhookEndpoint, WebhookEvent, WebhookDelivery];
