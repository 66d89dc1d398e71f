/** The package managers `bulwark new` knows. */
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/**
 * Detects the package manager that started the command from `npm_config_user_agent` (set by
 * `npm create`, `pnpm create`, `yarn create` and `bun create`); npm otherwise.
 *
 * @param env - The environment.
 * @returns The package manager.
 */
export function detectPackageManager(
  env: Readonly<Record<string, string | undefined>>,
): PackageManager {
  const agent = env['npm_config_user_agent'] ?? '';
  const name = /^([a-z]+)\//.exec(agent)?.[1];
  return (PACKAGE_MANAGERS as readonly string[]).includes(name ?? '')
    ? (name as PackageManager)
    : 'npm';
}

/** The commands a README and the final message show for a package manager. */
export interface PackageManagerCommands {
  readonly install: string;
  readonly start: string;
  readonly test: string;
  /** Runs a package binary, such as `npx bulwark`. */
  readonly exec: string;
}

/**
 * The install, start, test and exec commands of a package manager.
 *
 * @param manager - The package manager.
 * @returns Its commands.
 */
export function commandsOf(manager: PackageManager): PackageManagerCommands {
  switch (manager) {
    case 'pnpm':
      return { install: 'pnpm install', start: 'pnpm start', test: 'pnpm test', exec: 'pnpm exec' };
    case 'yarn':
      return { install: 'yarn install', start: 'yarn start', test: 'yarn test', exec: 'yarn' };
    case 'bun':
      return { install: 'bun install', start: 'bun run start', test: 'bun run test', exec: 'bunx' };
    default:
      return { install: 'npm install', start: 'npm start', test: 'npm test', exec: 'npx' };
  }
}
