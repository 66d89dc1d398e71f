import { createNotesApp, type NotesApp, type NotesAppOverrides } from '@bulwark/example-notes-api';

/** A started reference app plus helpers for tests. */
export interface RunningNotesApp {
  readonly notes: NotesApp;
  readonly url: string;
  /** Signs a valid token for a seeded demo user, as the login route would. */
  tokenFor(username: string): Promise<string>;
  /** The id of a seeded demo user. */
  userId(username: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the reference app on an ephemeral loopback port with an in-memory SQLite database and the
 * demo users seeded.
 */
export async function startNotesApp(overrides: NotesAppOverrides = {}): Promise<RunningNotesApp> {
  const notes = await createNotesApp({
    ...overrides,
    config: {
      port: 0,
      host: '127.0.0.1',
      sqlitePath: ':memory:',
      databaseUrl: null,
      redisUrl: null,
      shouldSeed: true,
      ...overrides.config,
    },
  });
  const { url } = await notes.listen();
  const userId = async (username: string): Promise<string> =>
    (await notes.context.users.findOneByOrFail({ username })).id;
  return {
    notes,
    url,
    userId,
    tokenFor: async (username) => {
      const user = await notes.context.users.findOneByOrFail({ username });
      return notes.context.signer.sign({ sub: user.id, roles: [user.role] });
    },
    close: () => notes.close(),
  };
}

/** Sends a JSON request and returns status, headers and the parsed body. */
export async function call(
  url: string,
  options: {
    method?: string;
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    rawBody?: string;
  } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text.length > 0 ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, headers: response.headers, body: parsed };
}
