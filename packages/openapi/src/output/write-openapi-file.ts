import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { BulwarkError } from '@bulwark/core';
import type { OpenApiOptions, OpenApiSource } from '../document/generate-options';
import { generateOpenApi } from '../document/generate-openapi';
import type { OpenApiDocument } from '../document/openapi-types';

/**
 * Serializes a document the way the API reference serves it: JSON, two-space indentation, a
 * final newline, so a committed file diffs cleanly.
 *
 * @param document - The document.
 * @returns The JSON text.
 */
export function serializeOpenApi(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * Generates an app's OpenAPI document and writes it to a `.json` file, for `bulwark openapi`.
 * The file is written next to its destination and renamed into place, so a reader never sees
 * half a document and a failed generation leaves an existing file untouched.
 *
 * @param source - The app (`useBulwark`'s return value).
 * @param file - The destination path, ending in `.json`; missing folders are created.
 * @param options - As for `generateOpenApi`.
 * @returns The document written.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for a path that does not end in `.json` or invalid
 *   options, `ERR_OPENAPI_INVALID` as `generateOpenApi`; file-system errors are passed through.
 * @example
 * ```ts
 * await writeOpenApiFile(bulwark, 'openapi.json', { info: { title: 'Notes API', version: '1.0.0' } });
 * ```
 */
export async function writeOpenApiFile(
  source: OpenApiSource,
  file: string,
  options: OpenApiOptions,
): Promise<OpenApiDocument> {
  if (typeof file !== 'string' || extname(file).toLowerCase() !== '.json') {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      'The OpenAPI file must be a path ending in .json.',
    );
  }
  const document = generateOpenApi(source, options);
  const target = resolve(file);
  await mkdir(dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, serializeOpenApi(document), { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return document;
}

/** What `bulwark openapi` hands over: the app's `useBulwark` value and optional options. */
export interface OpenApiDocumentInput {
  readonly bulwark: {
    readonly policies: OpenApiSource['policies'];
    readonly settings?: OpenApiSource['settings'];
  };
  /** The request handler; not needed to describe the app. */
  readonly app?: unknown;
  /** @defaultValue `info` from the project's `package.json` (name and version) */
  readonly options?: OpenApiOptions;
  /** Where the project's `package.json` is looked for, then upwards. @defaultValue the working folder */
  readonly projectRoot?: string;
}

/**
 * The CLI's entry point (`bulwark openapi --out <file>`): writes the document of an app the CLI
 * built from the project's `bulwark.config`. Without options, the title and version are the
 * `name` and `version` of the project's `package.json`: the nearest one in the working folder
 * (where the CLI runs) or above it.
 *
 * @param file - The destination, ending in `.json`.
 * @param input - The app handle and optional generator options.
 * @returns The document written.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the app carries no settings (it was not built
 *   with `useBulwark`) or no title and version can be found; otherwise as {@link writeOpenApiFile}.
 */
export async function writeOpenApiDocument(
  file: string,
  input: OpenApiDocumentInput,
): Promise<OpenApiDocument> {
  const settings = input?.bulwark?.settings;
  if (settings === undefined) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      'The app handle has no settings; give the value useBulwark returned.',
    );
  }
  const options = input.options ?? { info: await packageInfo(resolve(input.projectRoot ?? '.')) };
  return writeOpenApiFile({ policies: input.bulwark.policies, settings }, file, options);
}

async function packageInfo(folder: string): Promise<{ title: string; version: string }> {
  for (let current = folder, depth = 0; depth < 16; depth += 1) {
    const manifest = await readFile(join(current, 'package.json'), 'utf8').catch(() => null);
    if (manifest !== null) {
      const { name, version } = JSON.parse(manifest) as { name?: unknown; version?: unknown };
      if (typeof name === 'string' && typeof version === 'string') return { title: name, version };
    }
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  throw new BulwarkError(
    'ERR_CONFIG_INVALID',
    'No package.json with a name and version in the project folder or above it; give options.info.',
  );
}
