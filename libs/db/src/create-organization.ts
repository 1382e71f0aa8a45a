import bcrypt from 'bcryptjs';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../../config/src';
import { createDataSource } from './data-source';
import { OrganizationRepository, UserRepository } from './repositories';

const USAGE = 'usage: ADMIN_PASSWORD=<at least 12 characters> npm run create-organization -- "<organization name>" <admin email>';

/** A new organization and its first admin, in one transaction; the email must not be in use. */
export async function createOrganization(db: DataSource, name: string, email: string, password: string): Promise<{ organizationId: string; userId: string }> {
  return db.transaction(async (em) => {
    const organization = await new OrganizationRepository(em).create(name);
    const user = await new UserRepository(em).create({ organizationId: organization.id, email, passwordHash: await bcrypt.hash(password, 10), role: 'admin' });
    // Rolls the organization back with it.
    if (!user) throw new Error(`${email} is already a user`);
    return { organizationId: organization.id, userId: user.id };
  });
}

/** The password comes from the environment, never the command line, so it stays out of shell history and `ps`. */
async function main(): Promise<void> {
  const [name, email] = process.argv.slice(2);
  const password = process.env.ADMIN_PASSWORD ?? '';
  if (!name?.trim() || !email?.includes('@') || password.length < 12) throw new Error(USAGE);
  const db = createDataSource(loadConfig().databaseUrl);
  await db.initialize();
  try {
    await db.runMigrations({ transaction: 'each' });
    const created = await createOrganization(db, name.trim(), email, password);
    console.log(`organization ${created.organizationId} created; its admin ${email.toLowerCase()} can log in`);
  } finally {
    await db.destroy();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
