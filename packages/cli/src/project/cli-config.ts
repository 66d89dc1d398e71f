import type { AuditChainSource, ChainKey } from '@bulwark/audit';
import type { RoutePolicy } from '@bulwark/core';
import type { BulwarkSettings } from '@bulwark/routing-controllers';
import type { RequestListener } from 'node:http';

/** What the CLI needs from a built app: its compiled policies, optionally its settings. */
export interface CliBulwarkApp {
  readonly policies: readonly RoutePolicy[];
  /** Present on apps built with `useBulwark`; the doctor reviews it. */
  readonly settings?: BulwarkSettings;
}

/** What the config's `app()` returns: the app, built but not listening. */
export interface CliAppHandle {
  /** The value `useBulwark` returned. */
  readonly bulwark: CliBulwarkApp;
  /**
   * The request handler (an Express app). When given, the doctor sends it a few requests on a
   * loopback port to check CORS, HTTPS and error answers as a client would see them.
   */
  readonly app?: RequestListener;
  /** Releases the database, stores and timers; called once the command is done. */
  close?(): Promise<void>;
}

/** An environment variable that holds a secret, and what the doctor expects of it. */
export interface SecretRequirement {
  /** The fewest bytes a value may have. @defaultValue 32 */
  readonly minBytes?: number;
  /**
   * `jwt-hmac` marks the shared secret that signs and verifies tokens (HS256/384/512); the
   * doctor then flags HMAC tokens in production.
   */
  readonly usage?: 'jwt-hmac' | 'audit-hmac' | 'other';
  /** Whether the app can run without it (it then makes a throw-away one). @defaultValue false */
  readonly isOptional?: boolean;
}

/** Where the app runs, as far as the doctor cannot see it from the app itself. */
export interface DeploymentFacts {
  /** True when a reverse proxy or load balancer sits in front of the app. @defaultValue false */
  readonly behindProxy?: boolean;
  /**
   * Who refuses plain HTTP in production: `app` (the app itself) or `proxy` (the proxy redirects
   * or refuses it). @defaultValue none declared: the doctor tests the app
   */
  readonly httpsEnforcedBy?: 'app' | 'proxy';
}

/** What `audit.source()` returns: a readable chain and a way to let go of it. */
export interface CliAuditSource extends AuditChainSource {
  close?(): Promise<void>;
}

/**
 * The contract between an app and the `bulwark` command: the default export (or
 * `module.exports`) of `bulwark.config.js` (`.cjs`, `.mjs` or `.ts`) at the project root.
 */
export interface BulwarkCliConfig {
  /** Builds the app without listening. Used by `routes`, `doctor` and `openapi`. */
  app(): CliAppHandle | Promise<CliAppHandle>;
  /** Environment variables holding secrets, by name. */
  readonly secrets?: Readonly<Record<string, SecretRequirement>>;
  readonly deployment?: DeploymentFacts;
  /**
   * Options of the OpenAPI generator for `bulwark openapi` (`info`, `servers`, `permissions`,
   * `tags`, ...; see `@bulwark/openapi`). @defaultValue title and version from package.json
   */
  readonly openapi?: object;
  /** The stored audit chain, for `bulwark audit verify`. */
  readonly audit?: {
    source(): CliAuditSource | Promise<CliAuditSource>;
    /** The environment variable holding the chain's HMAC key, if the trail uses one. */
    readonly hmacKeyEnv?: string;
  };
}

/**
 * Types a `bulwark.config` object; returns it unchanged.
 *
 * @param config - The config.
 * @returns The same config.
 * @example
 * ```ts
 * // bulwark.config.ts
 * import { defineConfig } from '@bulwark/cli';
 * export default defineConfig({
 *   app: async () => (await import('./src/app')).createApp(),
 *   secrets: { JWT_SECRET: { usage: 'jwt-hmac' } },
 * });
 * ```
 */
export function defineConfig(config: BulwarkCliConfig): BulwarkCliConfig {
  return config;
}

/** Re-exported so configs can type an HMAC key without importing the audit package. */
export type { ChainKey };
