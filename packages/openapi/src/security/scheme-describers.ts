import { BulwarkError } from '@bulwark/core';
import type { SecuritySchemeObject } from '../document/openapi-types';

/** What a describer knows about one authentication scheme of the app. */
export interface SchemeContext {
  /** The scheme name routes use, such as `bearer`. */
  readonly scheme: string;
  /** Its `WWW-Authenticate` challenge, such as `Bearer realm="api"`. */
  readonly challenge: string;
  /** Every scope of the app, with a description of what it grants. */
  readonly scopes: Readonly<Record<string, string>>;
}

/** One entry of `components.securitySchemes`. */
export interface DocumentedScheme {
  /** Its key in `components.securitySchemes`. */
  readonly name: string;
  readonly definition: SecuritySchemeObject;
  /**
   * The roles a credential obtained this way can carry. A route that requires roles lists this
   * scheme as a way in only when one of them is here.
   * @defaultValue any role; none for OAuth 2.0 and OpenID Connect schemes
   */
  readonly roles?: readonly string[];
}

/** Describes one authentication scheme of the app as an OpenAPI security scheme. */
export type SchemeDescriber = (context: SchemeContext) => DocumentedScheme;

const JWT_VERIFICATION =
  'Bulwark verifies the token following RFC8725 (JSON Web Token Best Current Practices): an explicit algorithm allow-list that never admits `none` nor mixes HMAC and public-key algorithms, required `iss`, `aud` and `exp`, a small clock tolerance and a size limit; keys named in token headers (`jku`, `x5u`, `jwk`, `x5c`) are never trusted.';

/**
 * Describes a Bearer JWT scheme (`Authorization: Bearer <jwt>`, RFC 6750) as an HTTP bearer
 * scheme with `bearerFormat: JWT`, named after the app's scheme.
 *
 * @param options - A description replacing the default one.
 * @returns The describer.
 * @example
 * ```ts
 * generateOpenApi(bulwark, { info, securitySchemes: { bearer: bearerJwtScheme() } });
 * ```
 */
export function bearerJwtScheme(options: { readonly description?: string } = {}): SchemeDescriber {
  const description =
    options.description ??
    `A JWT access token in the \`Authorization: Bearer\` header (RFC 6750); a token in the query string is refused. ${JWT_VERIFICATION}`;
  return ({ scheme }) => ({
    name: scheme,
    definition: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description },
  });
}

/**
 * Describes an API key sent in a request header, named after the app's scheme.
 *
 * @param options - The header (default `X-API-Key`) and a description.
 * @returns The describer.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the header is not a valid header name.
 */
export function apiKeyScheme(
  options: { readonly header?: string; readonly description?: string } = {},
): SchemeDescriber {
  const header = options.header ?? 'X-API-Key';
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) {
    throw new BulwarkError('ERR_CONFIG_INVALID', `apiKeyScheme: "${header}" is not a header name.`);
  }
  const description =
    options.description ?? `An API key in the \`${header}\` header, never in the URL.`;
  return ({ scheme }) => ({
    name: scheme,
    definition: { type: 'apiKey', in: 'header', name: header, description },
  });
}

/**
 * Describes the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) that issues the bearer tokens
 * an app's scheme accepts, with the token endpoint's URL and every scope of the app. Give it
 * together with {@link bearerJwtScheme} for a scheme that accepts both user and client tokens.
 *
 * @param options - The token URL (an `https://` URL or a path on the API's server), the
 *   component name (default `<scheme>OAuth2`), a description, scopes the app understands beyond
 *   its permission model, and the roles it maps client tokens to.
 * @returns The describer.
 * @throws BulwarkError `ERR_CONFIG_INVALID` when the token URL is neither HTTPS nor a path.
 * @example
 * ```ts
 * securitySchemes: { bearer: [bearerJwtScheme(), oauth2ClientCredentialsScheme({ tokenUrl: '/oauth/token' })] }
 * ```
 */
export function oauth2ClientCredentialsScheme(options: {
  readonly tokenUrl: string;
  readonly name?: string;
  readonly description?: string;
  /** Scopes the app understands beyond its permission model's, with what each grants. */
  readonly scopes?: Readonly<Record<string, string>>;
  /** Roles the app maps client tokens to. @defaultValue none */
  readonly roles?: readonly string[];
}): SchemeDescriber {
  const tokenUrl = options?.tokenUrl;
  if (typeof tokenUrl !== 'string' || !/^(https:\/\/[^\s]+|\/[^\s]*)$/.test(tokenUrl)) {
    throw new BulwarkError(
      'ERR_CONFIG_INVALID',
      'oauth2ClientCredentialsScheme: "tokenUrl" must be an https:// URL or a path such as /oauth/token.',
    );
  }
  const description =
    options.description ??
    `Client credentials (RFC 6749 §4.4): exchange the client id and secret at the token URL for a short-lived JWT access token, sent as \`Authorization: Bearer\`. No refresh token is issued for this grant (RFC 6749 §4.4.3); request a new token when it expires. ${JWT_VERIFICATION}`;
  const roles = Object.freeze([...(options.roles ?? [])]);
  return ({ scheme, scopes }) => ({
    name: options.name ?? `${scheme}OAuth2`,
    // Bulwark's token endpoint issues client tokens with scopes; roles only where the app maps them.
    roles,
    definition: {
      type: 'oauth2',
      description,
      flows: { clientCredentials: { tokenUrl, scopes: { ...scopes, ...options.scopes } } },
    },
  });
}

/**
 * The describers used for a scheme the options do not configure, by the HTTP authentication
 * scheme its challenge announces (lower-case): `Bearer` challenges are Bulwark's JWT
 * authenticator, `ApiKey` challenges an API key in `X-API-Key`.
 */
export const DEFAULT_DESCRIBERS: Readonly<Record<string, SchemeDescriber>> = Object.freeze({
  bearer: bearerJwtScheme(),
  apikey: apiKeyScheme({
    description:
      'An API key in the `X-API-Key` header (or as `Authorization: ApiKey <key>`); a key in the query string is refused.',
  }),
});

/**
 * The HTTP authentication scheme a challenge announces, lower-cased: `Bearer realm="x"` gives
 * `bearer`.
 *
 * @param challenge - A `WWW-Authenticate` value.
 * @returns The scheme token, or `''` when the challenge is empty.
 */
export function authSchemeOf(challenge: string): string {
  return (/^\s*([A-Za-z0-9!#$%&'*+.^_`|~-]+)/.exec(challenge)?.[1] ?? '').toLowerCase();
}
