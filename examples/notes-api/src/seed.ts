import { randomUUID } from 'node:crypto';
import type { AppContext } from './context';
import type { Role } from './entities/user.entity';
import { hashPassword } from './services/passwords';

/** The demo users seeded in development; their password is documented in the README. */
export const DEMO_USERS: ReadonlyArray<{ username: string; role: Role }> = Object.freeze([
  { username: 'alice', role: 'admin' },
  { username: 'erin', role: 'editor' },
  { username: 'eve', role: 'editor' },
  { username: 'victor', role: 'viewer' },
]);

/** The development-only password of every demo user. */
export const DEMO_PASSWORD = 'bulwark-demo';

/** Creates the demo users that do not exist yet, and one published note by erin. */
export async function seedDemoData(context: AppContext): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const demo of DEMO_USERS) {
    if ((await context.users.countBy({ username: demo.username })) > 0) continue;
    await context.users.insert({
      id: randomUUID(),
      username: demo.username,
      role: demo.role,
      passwordHash,
    });
  }
  if ((await context.notes.count()) === 0) {
    const erin = await context.users.findOneByOrFail({ username: 'erin' });
    await context.notes.insert({
      id: randomUUID(),
      title: 'Welcome',
      body: 'A published note by erin.',
      ownerId: erin.id,
      isPublished: true,
    });
  }
}
