import {
  APP_DEPENDENCIES,
  APP_DEV_DEPENDENCIES,
  BULWARK_PACKAGES,
  DATABASE_DRIVERS,
  STORE_CLIENTS,
} from './dependency-versions';
import type { PackageManagerCommands } from './package-manager';

/** What a new app is made of. */
export interface ScaffoldOptions {
  /** The npm package name of the app. */
  readonly name: string;
  readonly db: 'sqlite' | 'postgres';
  readonly rateLimitStore: 'memory' | 'redis';
  readonly commands: PackageManagerCommands;
  /** The Bulwark version range to depend on, such as `^0.1.0`. */
  readonly bulwarkRange: string;
  /** Install specs replacing the registry for `@bulwark/*` packages (tarballs), by name. */
  readonly localPackages: Readonly<Record<string, string>>;
}

const sorted = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/**
 * The app's `package.json`.
 *
 * @param options - The scaffold options.
 * @returns The manifest text.
 */
export function packageJson(options: ScaffoldOptions): string {
  const spec = (name: string): string => options.localPackages[name] ?? options.bulwarkRange;
  const dependencies: Record<string, string> = {
    ...APP_DEPENDENCIES,
    ...DATABASE_DRIVERS[options.db],
    ...STORE_CLIENTS[options.rateLimitStore],
  };
  for (const name of BULWARK_PACKAGES) dependencies[name] = spec(name);
  const manifest: Record<string, unknown> = {
    name: options.name,
    version: '0.1.0',
    private: true,
    description: 'An API secured by declaration with Bulwark.',
    engines: { node: '>=20.19.0' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      start: 'tsc -p tsconfig.build.json && node dist/main.js',
      test: 'mocha',
      typecheck: 'tsc -p tsconfig.json',
      routes: 'tsc -p tsconfig.build.json && bulwark routes --strict',
      doctor: 'tsc -p tsconfig.build.json && bulwark doctor',
    },
    dependencies: sorted(dependencies),
    devDependencies: sorted({ ...APP_DEV_DEPENDENCIES, '@bulwark/cli': spec('@bulwark/cli') }),
  };
  if (Object.keys(options.localPackages).length > 0) {
    manifest['overrides'] = sorted({ ...options.localPackages });
  }
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/**
 * The app's `.env.example`: every variable it reads, secrets left blank with the command that
 * makes them.
 *
 * @param options - The scaffold options.
 * @returns The file text.
 */
export function envExample(options: ScaffoldOptions): string {
  const database =
    options.db === 'sqlite'
      ? '# SQLite database file.\nSQLITE_PATH=data.sqlite\n'
      : `# PostgreSQL connection URL (the tests use TEST_DATABASE_URL when set).\nDATABASE_URL=postgres://postgres@127.0.0.1:5432/${databaseName(options.name)}\n`;
  const store =
    options.rateLimitStore === 'redis'
      ? '\n# Redis shared by every instance for rate limits (the tests use TEST_REDIS_URL when set).\nREDIS_URL=redis://127.0.0.1:6379\n'
      : '';
  return `# Copy to .env and fill in. Never commit .env.

NODE_ENV=development
HOST=127.0.0.1
PORT=3000

# Secret that signs and verifies login tokens (HS256), at least 32 bytes. Required in
# production; generate one with:
#   openssl rand -base64 48
# or: node -e "console.log(require('node:crypto').randomBytes(48).toString('base64'))"
JWT_SECRET=

${database}${store}
# Development only: demo users are created with this password (default bulwark-demo);
# set SEED_DEMO_USERS=false to create none. Production never creates them.
SEED_DEMO_USERS=true
`;
}

function databaseName(name: string): string {
  return name.replace(/^@[^/]+\//, '').replace(/[^a-z0-9_]/g, '_');
}

/**
 * The app's README: what it is and the two commands that run it.
 *
 * @param options - The scaffold options.
 * @returns The Markdown.
 */
export function readme(options: ScaffoldOptions): string {
  const { commands } = options;
  const services = [
    options.db === 'postgres' ? 'PostgreSQL (`DATABASE_URL`)' : null,
    options.rateLimitStore === 'redis' ? 'Redis (`REDIS_URL`)' : null,
  ].filter((s) => s !== null);
  const needs =
    services.length === 0
      ? 'It keeps its data in SQLite and its rate limits in memory: no other service is needed.'
      : `It needs ${services.join(' and ')}: copy \`.env.example\` to \`.env\` and set them first.`;
  return `# ${options.name}

An API secured by declaration with Bulwark (\`@bulwark/core\`):
every route states who may call it (\`@Authorize\` / \`@Public\`), what input it accepts
(\`@Validate\`), how often (\`@RateLimit\`) and what is recorded (\`@Audit\`). ${needs}

## Run it

\`\`\`sh
${commands.install}
${commands.start}
\`\`\`

The API listens on http://127.0.0.1:3000. In development four demo users exist, one per role
(\`ada\` admin, \`max\` and \`mia\` members, \`otto\` auditor), all with the password
\`bulwark-demo\` (development only). Get a token and list your tasks:

\`\`\`sh
TOKEN=$(curl -s -X POST http://127.0.0.1:3000/auth/token -H 'content-type: application/json' \\
  -d '{"username":"max","password":"bulwark-demo"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')
curl -s http://127.0.0.1:3000/tasks -H "authorization: Bearer $TOKEN"
\`\`\`

## Test and review

- \`${commands.test}\` runs the tests (mocha + chai); each starts the app on a free port.
- \`${commands.exec} bulwark routes --matrix\` (after a build) prints every route's policy and
  who may call it; \`--strict\` makes it a CI gate.
- \`${commands.exec} bulwark doctor\` checks the configuration, secrets and dependencies; add
  \`--production\` before you deploy.

## Layout

- \`src/controllers/\`: routes and their policies; \`src/permissions.ts\`: what each role may do.
- \`src/dto/\`: validated input; \`src/entities/\`: TypeORM entities.
- \`src/config.ts\`: environment variables (see \`.env.example\`); \`bulwark.config.js\`: what the
  \`bulwark\` command loads.
`;
}
