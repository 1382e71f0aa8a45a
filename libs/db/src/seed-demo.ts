import bcrypt from 'bcryptjs';
import { zoneWithLocalTimeBetween } from '../../compliance/src/calling-window';
import type { DataSource } from 'typeorm';
import { Campaign, Contact, Organization, Script, User } from './entities';

export interface DemoSeed {
  organizationId: string;
  campaignId: string;
  email: string;
}

/** Simulated customers of the sandbox dialplan: the tens digit picks the behaviour (see asterisk/extensions.conf). */
const DEMO_CONTACTS = [
  { firstName: 'Ada', lastName: 'Listens', phone: '+12025550100' },
  { firstName: 'Ben', lastName: 'Busy', phone: '+12025550110' },
  { firstName: 'Cy', lastName: 'Noanswer', phone: '+12025550120' },
  { firstName: 'Dee', lastName: 'Congested', phone: '+12025550130' },
  { firstName: 'Eve', lastName: 'Hangsup', phone: '+12025550140' },
  { firstName: 'Fay', lastName: 'Listens', phone: '+12025550101' },
];

/** The demo login is published in the README: anyone could sign in to a production database that had it. */
export function assertDemoAllowed(env: string): void {
  if (env === 'production') throw new Error('refusing to seed the demo login: NODE_ENV=production');
}

/** A demo organization, admin and campaign, so a first run shows calls. Does nothing when it exists. */
export async function seedDemo(db: DataSource, email: string, password: string): Promise<DemoSeed> {
  const existing = await db.getRepository(User).findOneBy({ email });
  if (existing) {
    const campaign = await db.getRepository(Campaign).findOneByOrFail({ organizationId: existing.organizationId });
    return { organizationId: existing.organizationId, campaignId: campaign.id, email };
  }
  return db.transaction(async (em) => {
    const org = await em.getRepository(Organization).save({ name: 'Demo Company' });
    await em.getRepository(User).save({
      organizationId: org.id,
      email,
      passwordHash: await bcrypt.hash(password, 10),
      role: 'admin',
    });
    const script = await em.getRepository(Script).save({
      organizationId: org.id,
      name: 'Demo script',
      mainPitch: 'We help teams like {company} reach their customers. Would you like to hear more?',
      objectionHandling: { price: 'We have plans for every budget.' },
      closing: 'Thank you for your time. Goodbye.',
    });
    const campaign = await em.getRepository(Campaign).save({
      organizationId: org.id,
      name: 'Demo campaign',
      type: 'sales',
      status: 'active',
      description: 'Calls the sandbox simulated customers',
      scriptId: script.id,
      callSettings: { maxConcurrentCalls: 2, callIntervalMs: 2000, retryAttempts: 1, retryDelayMinutes: 1, callTimeoutSeconds: 10 },
    });
    // The demo calls at any hour: its people live where it is daytime now, inside the legal window.
    const timezone = zoneWithLocalTimeBetween(new Date(), 10 * 60, 18 * 60);
    await em.getRepository(Contact).save(
      DEMO_CONTACTS.map((c) => ({
        ...c,
        organizationId: org.id,
        campaignId: campaign.id,
        company: 'Demo Co',
        timezone,
        timezoneSource: 'contact' as const,
      })),
    );
    return { organizationId: org.id, campaignId: campaign.id, email };
  });
}
