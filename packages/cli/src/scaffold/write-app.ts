import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { envExample, packageJson, readme, type ScaffoldOptions } from './app-files';

/** The template folder shipped with the CLI (beside `src/` and `dist/`). */
export const TEMPLATE_DIR = join(__dirname, '..', '..', 'templates', 'app');

/** Variant files: kept only when the option matches, then renamed without the variant. */
const VARIANTS: ReadonlyArray<{
  readonly pattern: RegExp;
  readonly pick: (o: ScaffoldOptions) => string;
}> = [
  { pattern: /^(src\/data-source)\.(sqlite|postgres)(\.ts)$/, pick: (o) => o.db },
  { pattern: /^(src\/rate-limiter)\.(memory|redis)(\.ts)$/, pick: (o) => o.rateLimitStore },
];

/**
 * Where a template file goes, or `null` when its variant is not chosen. Files named `_x` become
 * `.x` (npm does not publish dotfiles like `.gitignore`).
 *
 * @param path - The path inside the template folder, with `/` separators.
 * @param options - The scaffold options.
 * @returns The path inside the new app, or `null`.
 */
export function targetPath(path: string, options: ScaffoldOptions): string | null {
  for (const variant of VARIANTS) {
    const match = variant.pattern.exec(path);
    if (match !== null) return match[2] === variant.pick(options) ? `${match[1]}${match[3]}` : null;
  }
  return path.replace(/(^|\/)_([^/]+)$/, '$1.$2');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split('\\').join('/'))
    .sort();
}

/**
 * Writes a new app into `target`: the template files with the app name filled in, and the
 * generated `package.json`, `.env.example` and `README.md`.
 *
 * @param target - The app folder (created when missing).
 * @param options - Name, database, rate-limit store, commands, package sources.
 * @returns The written paths, relative to `target`.
 */
export async function writeApp(target: string, options: ScaffoldOptions): Promise<string[]> {
  const written: string[] = [];
  const put = async (path: string, text: string): Promise<void> => {
    await mkdir(dirname(join(target, path)), { recursive: true });
    await writeFile(join(target, path), text);
    written.push(path);
  };
  for (const path of await listFiles(TEMPLATE_DIR)) {
    const destination = targetPath(path, options);
    if (destination === null) continue;
    const text = await readFile(join(TEMPLATE_DIR, path), 'utf8');
    await put(destination, text.replaceAll('__APP_NAME__', options.name));
  }
  await put('package.json', packageJson(options));
  await put('.env.example', envExample(options));
  await put('README.md', readme(options));
  return written.sort();
}
