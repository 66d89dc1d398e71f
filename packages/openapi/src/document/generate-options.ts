import { BulwarkError, Permissions, type RoutePolicy } from '@bulwark/core';
import type { BulwarkSettings } from '@bulwark/routing-controllers';
import type { SchemeDescriber } from '../security/scheme-describers';
import type { InfoObject, ServerObject, TagObject } from './openapi-types';

/**
 * What the document is generated from: the compiled policies and the resolved settings. A
 * `BulwarkApp` returned by `useBulwark` is one.
 */
export interface OpenApiSource {
  readonly policies: readonly RoutePolicy[];
  readonly settings: Pick<
    BulwarkSettings,
    | 'challenges'
    | 'body'
    | 'cors'
    | 'exposeStackTraces'
    | 'onAuditFailure'
    | 'isAuditEnabled'
    | 'query'
    | 'plainHttp'
    | 'cookieSchemes'
    | 'isCsrfEnabled'
  >;
}

/** Options of `generateOpenApi`. */
export interface OpenApiOptions {
  /** The API's title and version (both required), description, contact and license. */
  readonly info: InfoObject;
  /**
   * Where the API is served. Each server should say its audience (`x-internal`) and its
   * environment in its description.
   * @defaultValue one server, `/`: the origin that serves the document
   */
  readonly servers?: readonly ServerObject[];
  /** The app's permission model, so each OAuth scope is described by what it grants. */
  readonly permissions?: Permissions;
  /**
   * Describers per app scheme name, for schemes the defaults do not describe or describe
   * differently (an API key header, an OAuth 2.0 token endpoint). A list describes one scheme as
   * several alternatives (a bearer token a user or a client obtained).
   * @defaultValue each scheme by the HTTP authentication scheme of its challenge
   */
  readonly securitySchemes?: Readonly<Record<string, SchemeDescriber | readonly SchemeDescriber[]>>;
  /**
   * Describers by HTTP authentication scheme (lower-case, such as `mac`), for authenticator
   * types Bulwark does not know; consulted before the built-in ones.
   * @defaultValue `{}`
   */
  readonly describers?: Readonly<Record<string, SchemeDescriber>>;
  /** Tags with descriptions, listed first and in this order. @defaultValue `[]` */
  readonly tags?: readonly TagObject[];
}

const KNOWN = new Set(['info', 'servers', 'permissions', 'securitySchemes', 'describers', 'tags']);

/** The server of a document whose options name none: the origin that served it. */
export const DEFAULT_SERVER: ServerObject = Object.freeze({
  url: '/',
  description: 'The deployment that serves this document (local, staging or production).',
  'x-internal': false,
});

/**
 * Checks the options once, reporting every problem together.
 *
 * @param options - The options as given.
 * @throws BulwarkError `ERR_CONFIG_INVALID` listing every problem in `details.problems`.
 */
export function checkOpenApiOptions(options: OpenApiOptions): void {
  const problems: string[] = [];
  if (typeof options !== 'object' || options === null) {
    problems.push('options must be an object with at least "info".');
  } else {
    for (const key of Object.keys(options)) {
      if (!KNOWN.has(key)) problems.push(`unknown option "${key}".`);
    }
    const info = options.info as Partial<InfoObject> | undefined;
    if (!isText(info?.title)) problems.push('info.title: a non-empty string is required.');
    if (!isText(info?.version)) problems.push('info.version: a non-empty string is required.');
    for (const [index, server] of (options.servers ?? []).entries()) {
      if (!isText(server?.url))
        problems.push(`servers[${index}].url: a non-empty string is required.`);
    }
    if (options.permissions !== undefined && !(options.permissions instanceof Permissions)) {
      problems.push('permissions: must come from definePermissions().');
    }
    for (const [name, value] of Object.entries(options.securitySchemes ?? {})) {
      const list = typeof value === 'function' ? [value] : value;
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        !list.every((d) => typeof d === 'function')
      ) {
        problems.push(`securitySchemes.${name}: a describer or a non-empty list of describers.`);
      }
    }
    for (const [name, value] of Object.entries(options.describers ?? {})) {
      if (typeof value !== 'function') problems.push(`describers.${name}: a describer function.`);
      if (name !== name.toLowerCase())
        problems.push(`describers.${name}: use the lower-case name.`);
    }
    for (const [index, tag] of (options.tags ?? []).entries()) {
      if (!isText(tag?.name)) problems.push(`tags[${index}].name: a non-empty string is required.`);
    }
  }
  if (problems.length > 0) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      `Invalid OpenAPI options:\n- ${problems.join('\n- ')}`,
      {
        details: { problems },
      },
    );
  }
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}
