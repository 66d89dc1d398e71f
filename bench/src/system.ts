import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { dirname, join } from 'node:path';

/** The machine a run happened on. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  /** One-minute load average at the start and at the end of the run. */
  readonly loadAtStart: number;
  loadAtEnd: number;
}

/** Describes this machine now. */
export function describeMachine(): MachineInfo {
  const [first] = cpus();
  return {
    cpu: first?.model.trim() ?? 'unknown CPU',
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAtStart: loadavg()[0] ?? 0,
    loadAtEnd: loadavg()[0] ?? 0,
  };
}

/** The packages whose versions the report lists, as resolved from a place in the repository. */
const PACKAGES: readonly (readonly [string, string])[] = [
  ['express', 'bench'],
  ['routing-controllers', 'bench'],
  ['@nestjs/core', 'bench'],
  ['@nestjs/platform-express', 'bench'],
  ['@nestjs/throttler', 'bench'],
  ['express-rate-limit', 'bench'],
  ['jose', 'bench'],
  ['jose', 'packages/auth'],
  ['@casl/ability', 'bench'],
  ['class-validator', 'bench'],
  ['class-transformer', 'bench'],
  ['typeorm', 'bench'],
  ['better-sqlite3', 'bench'],
  ['autocannon', 'bench'],
];

/**
 * The installed versions of the libraries under test, resolved the way each stack resolves
 * them (the auth package may carry its own jose).
 *
 * @param root - The repository root.
 * @returns `name (where)` to version.
 */
export function installedVersions(root: string): Record<string, string> {
  const versions: Record<string, string> = {};
  for (const [name, where] of PACKAGES) {
    const label = where === 'bench' ? name : `${name} (${where})`;
    try {
      const entry = require.resolve(name, { paths: [join(root, where)] });
      versions[label] = findVersion(dirname(entry), name);
    } catch {
      versions[label] = 'not installed';
    }
  }
  return versions;
}

function findVersion(start: string, name: string): string {
  let directory = start;
  for (let depth = 0; depth < 8; depth += 1) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version !== undefined) return manifest.version;
    } catch {
      // No manifest at this level; keep climbing.
    }
    directory = dirname(directory);
  }
  return 'unknown';
}
