import { call, type RunningNotesApp } from '../support/notes-app';

/** A note as the API answers it. */
export interface NoteBody {
  readonly id: string;
  readonly title: string;
  readonly ownerId?: string;
  readonly isPublished: boolean;
}

/** Creates a note as a demo user and returns it as answered. */
export async function createNote(
  app: RunningNotesApp,
  username: string,
  fields: { title: string; isPublished?: boolean },
): Promise<NoteBody> {
  const res = await call(`${app.url}/notes`, {
    method: 'POST',
    token: await app.tokenFor(username),
    body: { body: 'text', ...fields },
  });
  if (res.status !== 201) throw new Error(`creating a note answered ${res.status}`);
  return res.body as NoteBody;
}

/** Signs a token for any subject and roles, as the login route would for a stored user. */
export function tokenAs(app: RunningNotesApp, sub: string, roles: string[]): Promise<string> {
  return app.notes.context.signer.sign({ sub, roles });
}

/** The audit rows of an action, after flushing the trail (which closes it: call last). */
export async function auditRows(
  app: RunningNotesApp,
  action: string,
): Promise<Array<{ route: string; outcome: string; status: number; reason: string | null }>> {
  await app.notes.bulwark.close().catch(() => undefined);
  return app.notes.context.dataSource.query(
    'SELECT route, outcome, status, reason FROM bulwark_audit_event WHERE action = ? ORDER BY sequence',
    [action],
  );
}
