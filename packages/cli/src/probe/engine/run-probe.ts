import { checkAccess } from '../checks/access.check';
import {
  checkAuthentication,
  forgeTokens,
  type ForgedTokens,
} from '../checks/authentication.check';
import { checkInjection } from '../checks/injection.check';
import { checkInput } from '../checks/input.check';
import { checkMassAssignment } from '../checks/mass-assignment.check';
import { checkRateLimits } from '../checks/rate-limit.check';
import type { ProbeConfig } from '../config/probe-config';
import { resolveScope } from '../http/base-url';
import { ScopedClient } from '../http/scoped-client';
import { WRITE_METHODS, type ProbeTarget, type TargetRoute } from '../target/probe-target';
import { decodeJwt, type DecodedJwt } from '../values/forge-jwt';
import { buildActors, type Actor } from './actors';
import { ProbeSession } from './probe-session';
import { ResultBook, summarizeResults, type ProbeSummary, type RouteResult } from './results';
import { RouteContext } from './route-context';

/** Everything one run needs. */
export interface ProbeOptions {
  readonly target: ProbeTarget;
  readonly config: ProbeConfig;
  /** Where the app under test listens; nothing outside it is ever requested. */
  readonly baseUrl: string;
  /** Send requests that may change data (POST, PUT, PATCH, DELETE). @defaultValue false */
  readonly allowWrites?: boolean;
  /** Accept a base URL that is not loopback. @defaultValue false */
  readonly allowRemote?: boolean;
  /** Most requests the run may send. @defaultValue 5000 */
  readonly maxRequests?: number;
  /** Longest the run may take, in seconds. @defaultValue 600 */
  readonly timeoutSeconds?: number;
  /** The largest rate limit the run exhausts. @defaultValue 1000 */
  readonly maxBurst?: number;
  /** Longest wait for one answer, in milliseconds. @defaultValue 10000 */
  readonly requestTimeoutMs?: number;
  /** Verify the certificate of an https base URL. @defaultValue true */
  readonly verifyTls?: boolean;
}

/** The result of a run. */
export interface ProbeReport {
  readonly title: string;
  readonly baseUrl: string;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly requests: number;
  readonly allowWrites: boolean;
  /** Facts about the run itself (a principal no scheme accepts, a JWKS that could not be read). */
  readonly notes: readonly string[];
  readonly summary: ProbeSummary;
  readonly routes: readonly RouteResult[];
}

/** Defaults of {@link ProbeOptions}, each bounding what one run may cost the app. */
export const PROBE_DEFAULTS = Object.freeze({
  maxRequests: 5000,
  timeoutSeconds: 600,
  maxBurst: 1000,
  requestTimeoutMs: 10_000,
});

/**
 * Attacks every route of the target at the base URL with what its policy says must fail, and
 * reports each check per route. Reads go first, then writes (creations, changes, deletions last)
 * when `allowWrites` is set, then the rate-limit checks, which exhaust limits on purpose.
 *
 * @param options - Target, config, base URL and bounds.
 * @returns The report.
 * @throws ScopeError when the base URL is refused (not loopback without `allowRemote`, malformed).
 */
export async function runProbe(options: ProbeOptions): Promise<ProbeReport> {
  const started = Date.now();
  const allowWrites = options.allowWrites ?? false;
  const scope = await resolveScope(options.baseUrl, options.allowRemote ?? false);
  const client = new ScopedClient(scope, {
    maxRequests: options.maxRequests ?? PROBE_DEFAULTS.maxRequests,
    deadline: started + 1000 * (options.timeoutSeconds ?? PROBE_DEFAULTS.timeoutSeconds),
    requestTimeoutMs: options.requestTimeoutMs ?? PROBE_DEFAULTS.requestTimeoutMs,
    ...(options.verifyTls === undefined ? {} : { verifyTls: options.verifyTls }),
  });
  const book = new ResultBook(options.target.routes);
  const { actors, notes } = buildActors(options.target, options.config);
  const session = new ProbeSession(
    client,
    options.target,
    options.config,
    actors,
    book,
    allowWrites,
  );
  try {
    await attackAll(session, notes, options.maxBurst ?? PROBE_DEFAULTS.maxBurst);
  } finally {
    client.close();
  }
  const results = book.results();
  return {
    title: options.target.title,
    baseUrl: scope.label,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    requests: client.sent,
    allowWrites,
    notes,
    summary: summarizeResults(results),
    routes: results,
  };
}

/** Runs every check on every route the run may attack, rate limits last. */
async function attackAll(session: ProbeSession, notes: string[], maxBurst: number): Promise<void> {
  const forged = await forgeries(session, session.actors, notes);
  const routes = ordered(session.target.routes).filter((route) => {
    if (session.allowWrites || !WRITE_METHODS.has(route.method)) return true;
    session.book.skipRoute(
      route,
      'not attacked: the method may change data; run with --allow-writes against a disposable instance',
    );
    return false;
  });
  for (const route of routes) {
    const context = new RouteContext(session, route);
    await checkAuthentication(session, route, forged);
    await checkAccess(session, route);
    await checkMassAssignment(session, context);
    await checkInput(session, context);
    await checkInjection(session, context);
  }
  for (const route of routes) await checkRateLimits(session, route, maxBurst);
}

/** Reads first, then creations, changes and deletions: a deletion cannot spoil a later check. */
function ordered(routes: readonly TargetRoute[]): TargetRoute[] {
  const rank: Record<string, number> = {
    GET: 0,
    HEAD: 0,
    OPTIONS: 0,
    POST: 1,
    PUT: 2,
    PATCH: 2,
    DELETE: 3,
  };
  return [...routes].sort((a, b) => (rank[a.method] ?? 4) - (rank[b.method] ?? 4));
}

/**
 * Decodes one bearer token per issuer as forgery templates and reads the app's published keys
 * (from `jwt.jwksPath`, under the base URL like every other request).
 */
async function forgeries(
  session: ProbeSession,
  actors: readonly Actor[],
  notes: string[],
): Promise<ForgedTokens> {
  const templates = new Map<string, DecodedJwt>();
  for (const actor of actors) {
    const credential = actor.principal.credential;
    const decoded = credential.kind === 'bearer' ? decodeJwt(credential.token) : null;
    const issuer = String(decoded?.payload['iss'] ?? '');
    if (decoded !== null && !templates.has(issuer)) templates.set(issuer, decoded);
  }
  const publicKeys: Array<Record<string, unknown>> = [];
  const path = session.config.jwksPath;
  if (path !== null) {
    try {
      const response = await session.client.send({
        method: 'GET',
        path,
        headers: { accept: 'application/json' },
      });
      const keys = (JSON.parse(response.text) as { keys?: unknown }).keys;
      if (Array.isArray(keys))
        publicKeys.push(...keys.filter((k) => typeof k === 'object' && k !== null));
    } catch (error) {
      notes.push(`the JWKS at ${path} could not be read: ${(error as Error).message}`);
    }
  }
  return forgeTokens([...templates.values()], publicKeys, session.config);
}
