import {
  combineJwtAuthenticators,
  createApiKeyAuthenticator,
  createApiKeyManager,
  createJwtAuthenticator,
  createSigningKeyRing,
  createTokenEndpoint,
  type ApiKeyFacts,
  type ApiKeyManager,
  type Authenticator,
  type SigningKeyInit,
  type SigningKeyRing,
  type TokenEndpoint,
} from '@bulwark/auth';
import { createBruteForceGuard } from '@bulwark/rate-limit';
import { createOAuthRouter } from '@bulwark/routing-controllers';
import { TypeOrmApiKeyStore, TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import type { Application } from 'express';
import type { DataSource, Repository } from 'typeorm';
import type { NotesAppConfig } from './config';
import type { Role, User } from './entities/user.entity';

/** How the notes API authenticates: login tokens, client-credentials tokens and API keys. */
export interface NotesCredentials {
  /** `bearer` (login and client tokens, one verifier per issuer) and `apiKey`. */
  readonly authenticators: readonly Authenticator[];
  readonly apiKeys: ApiKeyManager;
  readonly clients: TypeOrmOAuthClientStore;
  readonly tokenEndpoint: TokenEndpoint;
  /** Mounts `POST /oauth/token` and the well-known routes. */
  mount(app: Application): void;
  close(): Promise<void>;
}

/** What the credentials need from the app. */
export interface CredentialsInput {
  readonly config: NotesAppConfig;
  readonly dataSource: DataSource;
  readonly users: Repository<User>;
  /** The HS256 secret of login tokens. */
  readonly loginSecret: string;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Builds the app's authentication.
 *
 * - Login tokens: HS256, issued by `POST /auth/token` with the app's own issuer.
 * - Client tokens: RFC 9068, ES256, issued by `POST /oauth/token` to registered clients; a
 *   client with the `notes:read` scope reads published notes, like a viewer.
 * - API keys: created by users at `/me/api-keys`; a key acts for its owner but never with more
 *   than an editor's rights, and only as a viewer unless it holds `notes:write`.
 *
 * Security: in production the token endpoint's signing key must come from `OAUTH_SIGNING_KEY`
 * (PKCS#8 PEM), so every instance signs with the same key and restarts keep tokens valid; in
 * development a key is generated per process.
 *
 * @param input - Configuration, database and the login secret.
 * @returns The authenticators, the API key manager and the token endpoint.
 * @throws Error when production lacks `OAUTH_SIGNING_KEY`.
 */
export function createNotesCredentials(input: CredentialsInput): NotesCredentials {
  const env = input.env ?? process.env;
  const { config } = input;
  const oauthIssuer =
    env.OAUTH_ISSUER ?? `http://127.0.0.1:${config.port === 0 ? 3000 : config.port}`;
  const keys = signingKeyRing(env, config.isProduction);
  const clients = new TypeOrmOAuthClientStore(input.dataSource);
  const throttle = createBruteForceGuard(
    config.redisUrl === null
      ? { store: 'memory' }
      : { store: 'redis', redis: { url: config.redisUrl }, prefix: 'notes:oauth:' },
  );
  const tokenEndpoint = createTokenEndpoint({
    issuer: oauthIssuer,
    audience: config.audience,
    clients,
    keys,
    throttle,
  });

  const apiKeyStore = new TypeOrmApiKeyStore(input.dataSource);
  return {
    authenticators: [bearerFor(input, oauthIssuer, keys), apiKeyFor(input, apiKeyStore)],
    apiKeys: createApiKeyManager({ store: apiKeyStore, maxLifetime: '365d' }),
    clients,
    tokenEndpoint,
    mount: (app) => app.use(createOAuthRouter({ endpoint: tokenEndpoint })),
    close: () => throttle.close(),
  };
}

/** Login tokens (HS256, the app's issuer) and client tokens (ES256, the token endpoint). */
function bearerFor(
  input: CredentialsInput,
  oauthIssuer: string,
  keys: SigningKeyRing,
): Authenticator {
  const { config } = input;
  return combineJwtAuthenticators([
    createJwtAuthenticator({
      issuer: config.issuer,
      audience: config.audience,
      key: { secret: input.loginSecret },
      algorithms: ['HS256'],
    }),
    createJwtAuthenticator({
      issuer: oauthIssuer,
      audience: config.audience,
      key: { jwks: () => keys.jwks() },
      requireType: 'at+jwt',
      mapClaims: (_claims, defaults) => ({
        ...defaults,
        roles: (defaults.scopes ?? []).includes('notes:read') ? ['viewer'] : [],
      }),
    }),
  ]);
}

function apiKeyFor(input: CredentialsInput, store: TypeOrmApiKeyStore): Authenticator {
  return createApiKeyAuthenticator({
    store,
    loadOwner: async (ownerId, key) => {
      const user = await input.users.findOneBy({ id: ownerId });
      return user === null ? null : { roles: [roleForKey(user.role, key)] };
    },
  });
}

function signingKeyRing(env: NodeJS.ProcessEnv, isProduction: boolean): SigningKeyRing {
  if (env.OAUTH_SIGNING_KEY === undefined) {
    if (isProduction) {
      throw new Error('OAUTH_SIGNING_KEY (PKCS#8 PEM, EC P-256) is required in production.');
    }
    return createSigningKeyRing();
  }
  return createSigningKeyRing({ keys: signingKeys(env) });
}

/**
 * The role an API key acts with: never admin (administration needs an interactive login), an
 * editor's rights only with `notes:write`, otherwise a viewer's.
 */
function roleForKey(ownerRole: Role, key: ApiKeyFacts): Role {
  if (ownerRole === 'viewer' || !key.scopes.includes('notes:write')) return 'viewer';
  return 'editor';
}

function signingKeys(env: NodeJS.ProcessEnv): SigningKeyInit[] {
  const current = { privateKey: env.OAUTH_SIGNING_KEY as string };
  const previous = env.OAUTH_PREVIOUS_SIGNING_KEY;
  if (previous === undefined) return [current];
  const retiredAt = Date.parse(env.OAUTH_PREVIOUS_KEY_RETIRED_AT ?? '');
  if (Number.isNaN(retiredAt))
    throw new Error('OAUTH_PREVIOUS_KEY_RETIRED_AT must be an ISO 8601 time.');
  return [{ privateKey: previous, retiredAt }, current];
}
