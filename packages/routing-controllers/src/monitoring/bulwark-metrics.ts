import type { Counter, Histogram, Registry } from 'prom-client';
import { loadOnFirstUse } from '../internal/load-on-first-use';
import type { RequestObserver, RequestOutcome } from './request-outcome';
import type { SuspiciousActivity } from './suspicious-activity';

const promClient = loadOnFirstUse(() => require('prom-client') as typeof import('prom-client'));

/** Options of {@link BulwarkMetrics}. */
export interface BulwarkMetricsOptions {
  /** Prefix of every metric name. @defaultValue 'bulwark_' */
  readonly prefix?: string;
  /** Also collect prom-client's process metrics (CPU, memory, event loop). @defaultValue true */
  readonly collectProcessMetrics?: boolean;
  /** Histogram buckets of request durations, in seconds. @defaultValue prom-client's defaults */
  readonly durationBuckets?: readonly number[];
}

/**
 * Prometheus metrics of a Bulwark app, in a registry of their own: requests, durations, denials,
 * authentication failures and rate-limit refusals by route, and suspicious-activity findings.
 *
 * Route labels are compiled route ids, or `unmatched`; never a raw path, so a scanner cannot
 * create unbounded label values.
 *
 * @example
 * ```ts
 * const metrics = new BulwarkMetrics();
 * app.use(monitorRequests([metrics]));
 * app.get('/metrics', createMetricsHandler({ metrics, bearerToken }));
 * ```
 */
export class BulwarkMetrics implements RequestObserver {
  /** The registry holding every metric; serve it with {@link createMetricsHandler}. */
  readonly registry: Registry;
  readonly #requests: Counter<'route' | 'method' | 'status'>;
  readonly #durations: Histogram<'route' | 'method'>;
  readonly #denials: Counter<'route'>;
  readonly #authnFailures: Counter<'route'>;
  readonly #refusals: Counter<'route'>;
  readonly #suspicious: Counter<'kind' | 'blocked'>;

  /**
   * @param options - Name prefix, process metrics, buckets.
   */
  constructor(options: BulwarkMetricsOptions = {}) {
    const { collectDefaultMetrics, Counter, Histogram, Registry } = promClient();
    const prefix = options.prefix ?? 'bulwark_';
    this.registry = new Registry();
    const registers = [this.registry];
    this.#requests = new Counter({
      name: `${prefix}http_requests_total`,
      help: 'Answered requests by route, method and status.',
      labelNames: ['route', 'method', 'status'],
      registers,
    });
    this.#durations = new Histogram({
      name: `${prefix}http_request_duration_seconds`,
      help: 'Time from arrival to the end of the response, by route and method.',
      labelNames: ['route', 'method'],
      registers,
      ...(options.durationBuckets === undefined ? {} : { buckets: [...options.durationBuckets] }),
    });
    this.#denials = counter(
      `${prefix}authorization_denials_total`,
      'Authorization denials by route.',
      registers,
    );
    this.#authnFailures = counter(
      `${prefix}authentication_failures_total`,
      'Missing or invalid credentials by route.',
      registers,
    );
    this.#refusals = counter(
      `${prefix}rate_limit_refusals_total`,
      'Requests refused by a rate limit, lockout or block, by route.',
      registers,
    );
    this.#suspicious = new Counter({
      name: `${prefix}suspicious_activity_total`,
      help: 'Suspicious-activity findings by kind of key and whether they started a block.',
      labelNames: ['kind', 'blocked'],
      registers,
    });
    if (options.collectProcessMetrics ?? true)
      collectDefaultMetrics({ register: this.registry, prefix });
  }

  /**
   * Counts one answered request.
   *
   * @param outcome - The request's outcome.
   */
  onRequest(outcome: RequestOutcome): void {
    const { route, method } = outcome;
    this.#requests.inc({ route, method, status: String(outcome.status) });
    this.#durations.observe({ route, method }, outcome.durationMs / 1000);
    if (outcome.kind === 'denied') this.#denials.inc({ route });
    else if (outcome.kind === 'authn-failure') this.#authnFailures.inc({ route });
    else if (outcome.kind === 'rate-limited') this.#refusals.inc({ route });
  }

  /**
   * Counts a suspicious-activity finding; pass it as the detector's `onSuspicious`.
   *
   * @param finding - The finding.
   */
  onSuspicious(finding: SuspiciousActivity): void {
    this.#suspicious.inc({ kind: finding.kind, blocked: String(finding.blockedUntil !== null) });
  }
}

function counter(name: string, help: string, registers: Registry[]): Counter<'route'> {
  return new (promClient().Counter)({ name, help, labelNames: ['route'], registers });
}
