import { createApp, type App, type AppOverrides } from '../src/app';
import { TEST_DATABASE } from '../src/data-source';
import { TEST_RATE_LIMIT } from '../src/rate-limiter';

/** A started app plus helpers. */
export interface RunningApp {
  readonly app: App;
  readonly url: string;
  tokenFor(username: string): Promise<string>;
  close(): Promise<void>;
}

/** Starts the app on a free loopback port with the test database and the demo users. */
export async function startApp(overrides: AppOverrides = {}): Promise<RunningApp> {
  const app = await createApp({
    ...overrides,
    config: {
      port: 0,
      host: '127.0.0.1',
      database: TEST_DATABASE,
      rateLimit: TEST_RATE_LIMIT,
      demoPassword: 'test-password',
      ...overrides.config,
    },
  });
  const { url } = await app.listen();
  return {
    app,
    url,
    tokenFor: async (username) => {
      const user = await app.context.users.findOneByOrFail({ username });
      return app.context.signer.sign({ sub: user.id, roles: [user.role] });
    },
    close: () => app.close(),
  };
}

/** Sends a JSON request and returns the status and parsed body. */
export async function call(
  url: string,
  options: { method?: string; token?: string; body?: unknown } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const headers: Record<string, string> = {};
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? null : JSON.parse(text),
  };
}
