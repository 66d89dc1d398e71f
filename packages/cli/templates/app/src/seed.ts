import { randomUUID } from 'node:crypto';
import type { AppContext } from './context';
import type { Role } from './entities/user.entity';
import { hashPassword } from './services/passwords';

/** The demo users created in development, one per role. */
export const DEMO_USERS: ReadonlyArray<{ username: string; role: Role }> = Object.freeze([
  { username: 'ada', role: 'admin' },
  { username: 'max', role: 'member' },
  { username: 'mia', role: 'member' },
  { username: 'otto', role: 'auditor' },
]);

/**
 * Creates the demo users that do not exist yet, all with the password given (development only:
 * `DEMO_PASSWORD` in `.env`).
 */
export async function seedDemoUsers(context: AppContext, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  for (const demo of DEMO_USERS) {
    if ((await context.users.countBy({ username: demo.username })) > 0) continue;
    await context.users.insert({
      id: randomUUID(),
      username: demo.username,
      role: demo.role,
      passwordHash,
    });
  }
}
