import type { ProbeConfig } from '../config/probe-config';
import { inspectResponse } from '../checks/response-inspection';
import { ScopeError } from '../http/base-url';
import { BudgetError, type ProbeResponse, type ScopedClient } from '../http/scoped-client';
import { WRITE_METHODS, type ProbeTarget, type TargetRoute } from '../target/probe-target';
import { isAccepted, type Actor } from './actors';
import { QuotaTracker } from './quota-tracker';
import type { CheckId, Evidence, ResultBook } from './results';

/** One request a check wants to make. */
export interface Attempt {
  readonly method?: string;
  readonly path: string;
  /** Sent with its credential headers; `null` or absent sends none. */
  readonly actor?: Actor | null;
  readonly headers?: Readonly<Record<string, string>>;
  /** A value sent as JSON. */
  readonly json?: unknown;
  /** A raw body, sent with `contentType`. */
  readonly raw?: string | Buffer;
  readonly contentType?: string;
  /** Strings the attempt carries that must not count as leaks when echoed. */
  readonly payloads?: readonly string[];
  /** Rate-limit checks spend quota on purpose. */
  readonly ignoreQuota?: boolean;
}

/** What came of an attempt: an answer, or why nothing was sent. */
export type Outcome =
  | { readonly sent: true; readonly response: ProbeResponse; readonly evidence: Evidence }
  | {
      readonly sent: false;
      readonly reason: string;
      /** The request went out but no answer came: a crash or hang counts against the app. */
      readonly isFault?: boolean;
    };

/** Everything the checks share during one run. */
export class ProbeSession {
  readonly quota = new QuotaTracker();

  /**
   * @param client - The scoped HTTP client.
   * @param target - The app's routes and schemes.
   * @param config - Principals, objects and rules.
   * @param actors - The principals with their credentials.
   * @param book - Where results go.
   * @param allowWrites - Whether requests that may change state are allowed.
   */
  constructor(
    readonly client: ScopedClient,
    readonly target: ProbeTarget,
    readonly config: ProbeConfig,
    readonly actors: readonly Actor[],
    readonly book: ResultBook,
    readonly allowWrites: boolean,
  ) {}

  /**
   * Sends one attempt for a check of a route, unless the run's rules forbid it: no write method
   * without `--allow-writes`, no request past a known rate limit (except for rate-limit checks),
   * none past the budget. Every answer is also inspected for leaks, problem format and security
   * headers, recorded under the `response.…` checks of the route.
   *
   * @param route - The route the attempt is for.
   * @param attempt - The request.
   * @returns The answer, or the reason nothing was sent.
   */
  async send(route: TargetRoute, attempt: Attempt): Promise<Outcome> {
    const method = attempt.method ?? route.method;
    if (WRITE_METHODS.has(method) && !this.allowWrites) {
      return { sent: false, reason: 'needs --allow-writes (the request may change data)' };
    }
    const actor = attempt.actor ?? null;
    const identity = actor !== null && isAccepted(route, actor) ? actor.name : null;
    if (attempt.ignoreQuota !== true && this.quota.remaining(route, identity) < 1) {
      return {
        sent: false,
        reason: `a rate limit of the route would refuse more requests${identity === null ? '' : ` as ${identity}`} in this run`,
      };
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...actor?.headers,
      ...attempt.headers,
    };
    let body: string | Buffer | undefined = attempt.raw;
    if (attempt.json !== undefined) body = JSON.stringify(attempt.json);
    if (body !== undefined) headers['content-type'] ??= attempt.contentType ?? 'application/json';

    let response: ProbeResponse;
    try {
      response = await this.client.send({
        method,
        path: attempt.path,
        headers,
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      if (error instanceof BudgetError || error instanceof ScopeError)
        return { sent: false, reason: error.message };
      // The request may have reached the app before the connection failed: it counts.
      this.quota.record(route, identity);
      return { sent: false, reason: `no answer: ${(error as Error).message}`, isFault: true };
    }
    this.quota.record(route, identity);
    this.quota.observe(route, identity, response.headers['ratelimit']);
    const evidence = evidenceOf(method, attempt.path, response, actor);
    this.inspect(route, response, evidence, {
      hasCredential: actor !== null || Object.keys(attempt.headers ?? {}).some(isCredentialHeader),
      sent: [attempt.path, ...(attempt.payloads ?? [])],
    });
    return { sent: true, response, evidence };
  }

  /**
   * The actors whose credential the route accepts.
   *
   * @param route - The route.
   * @returns The actors, in config order.
   */
  accepted(route: TargetRoute): Actor[] {
    return this.actors.filter((actor) => isAccepted(route, actor));
  }

  private inspect(
    route: TargetRoute,
    response: ProbeResponse,
    evidence: Evidence,
    context: { hasCredential: boolean; sent: readonly string[] },
  ): void {
    const found = inspectResponse(response, {
      ...context,
      isTls: this.client.scope.protocol === 'https:',
    });
    const record = (check: CheckId, problem: string | null): void => {
      if (problem === null) return;
      if (problem === '') this.book.pass(route, check);
      else this.book.fail(route, check, problem, evidence);
    };
    record('response.error-leaks', found.leaks);
    record('response.problem-format', found.problemFormat);
    record('response.security-headers', found.headers);
  }
}

function isCredentialHeader(name: string): boolean {
  return ['authorization', 'cookie'].includes(name.toLowerCase()) || /api[-_]?key/i.test(name);
}

function evidenceOf(
  method: string,
  path: string,
  response: ProbeResponse,
  actor: Actor | null,
): Evidence {
  const code = (response.json as { code?: unknown } | undefined)?.code;
  return {
    method,
    path: path.length > 160 ? `${path.slice(0, 157)}...` : path,
    status: response.status,
    ...(typeof code === 'string' ? { code } : {}),
    ...(actor === null ? {} : { principal: actor.name }),
  };
}
