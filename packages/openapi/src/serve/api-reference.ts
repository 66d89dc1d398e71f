import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BulwarkError } from '@bulwark/core';
import { Router, type Response } from 'express';
import type { OpenApiDocument } from '../document/openapi-types';
import { serializeOpenApi } from '../output/write-openapi-file';
import { referencePage, referenceScript } from './reference-page';

/** Options of {@link apiReference}. */
export interface ApiReferenceOptions {
  /**
   * The document to serve. Called on the first request and kept, so an app can generate it
   * right after `useBulwark` returns.
   */
  readonly document: () => OpenApiDocument;
  /** Where the JSON document is served. @defaultValue '/openapi.json' */
  readonly specPath?: string;
  /** Where the reference page is served; its assets live below it. @defaultValue '/docs' */
  readonly docsPath?: string;
}

/**
 * The Content-Security-Policy of the reference page: scripts, styles, fonts and API calls from
 * the app's own origin only, no framing, no forms, no plugins. `data:` images are allowed
 * because Swagger UI's stylesheet draws its icons as inline SVG data; they are not fetched.
 */
export const API_REFERENCE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const ASSETS: Readonly<Record<string, string>> = Object.freeze({
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
});

const PATH = /^\/[A-Za-z0-9._~/-]*[A-Za-z0-9._~-]$/;
const load = createRequire(__filename);
let assetFiles: ReadonlyMap<string, Buffer> | null = null;

/**
 * An Express router serving the OpenAPI document and an interactive reference page (Swagger UI
 * from the installed `swagger-ui-dist` package; nothing is loaded from another origin). Mount it
 * with `useBulwark`'s `mount` hook, which places it after transport hardening.
 *
 * Security: the page gets its own CSP ({@link API_REFERENCE_CSP}) in place of the API's
 * `default-src 'none'`, allowing only same-origin resources. Authorization entered in the page
 * is not persisted. The router serves public, static content and declares no route policy, so
 * leave it out (or put it behind your own check) where the API's shape must stay private.
 *
 * @param options - The document source and the paths.
 * @returns The router.
 * @throws BulwarkError `ERR_CONFIG_INVALID` for a path that is not a plain absolute path.
 * @example
 * ```ts
 * let document: OpenApiDocument | undefined;
 * const bulwark = useBulwark(app, options, {
 *   mount: (app) => app.use(apiReference({ document: () => document! })),
 * });
 * document = generateOpenApi(bulwark, { info: { title: 'Notes API', version: '1.0.0' } });
 * ```
 */
export function apiReference(options: ApiReferenceOptions): Router {
  const specPath = options.specPath ?? '/openapi.json';
  const docsPath = options.docsPath ?? '/docs';
  if (typeof options.document !== 'function' || !PATH.test(specPath) || !PATH.test(docsPath)) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      'apiReference: give "document" as a function and plain absolute paths such as /docs.',
    );
  }
  let spec: { json: string; title: string } | null = null;
  const document = (): { json: string; title: string } => {
    if (spec === null) {
      const value = options.document();
      spec = { json: serializeOpenApi(value), title: value.info.title };
    }
    return spec;
  };

  const router = Router();
  router.get(specPath, (_request, response) => {
    response.set('Cache-Control', 'no-cache').type('application/json').send(document().json);
  });
  router.get([docsPath, `${docsPath}/`], (_request, response) => {
    page(response, 'text/html; charset=utf-8', referencePage(document().title, docsPath));
  });
  router.get(`${docsPath}/init.js`, (_request, response) => {
    page(response, 'text/javascript; charset=utf-8', referenceScript(specPath));
  });
  for (const [name, type] of Object.entries(ASSETS)) {
    router.get(`${docsPath}/${name}`, (_request, response) => {
      response.set('Cache-Control', 'public, max-age=3600');
      page(response, type, assets().get(name) as Buffer);
    });
  }
  return router;
}

function page(response: Response, type: string, body: string | Buffer): void {
  response.set('Content-Security-Policy', API_REFERENCE_CSP);
  if (!response.get('Cache-Control')) response.set('Cache-Control', 'no-cache');
  response.type(type).send(body);
}

/** Swagger UI's files, read once from the installed package. */
function assets(): ReadonlyMap<string, Buffer> {
  if (assetFiles === null) {
    const folder = dirname(load.resolve('swagger-ui-dist/package.json'));
    assetFiles = new Map(
      Object.keys(ASSETS).map((name) => [name, readFileSync(join(folder, name))]),
    );
  }
  return assetFiles;
}
