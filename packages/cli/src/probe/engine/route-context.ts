import type { TargetRoute } from '../target/probe-target';
import { baselineBody, pathOf, requiredQuery, withQuery } from '../values/request-shapes';
import { objectsOf, reaches, verdictOf, type Actor } from './actors';
import type { ProbeSession } from './probe-session';

/** A request the route accepts, and who may send it: what attacks are variations of. */
export interface Baseline {
  /** `null` on public routes. */
  readonly actor: Actor | null;
  /** Path with the object id the actor reaches (object routes) and the required query. */
  readonly path: string;
  /** Path without the query string. */
  readonly bare: string;
  readonly query: ReadonlyArray<readonly [string, string]>;
  /** The JSON body, or `null` for a route that takes none. */
  readonly body: Record<string, unknown> | null;
}

const QUOTA_SPENT =
  "the route's rate limits leave no request for this check (the rate-limit check exhausts them last)";

/** Statuses that say the request itself was malformed, so it cannot serve as a baseline. */
const MALFORMED = new Set([400, 413, 415, 422, 429]);

/**
 * Finds, per route, principals that may call it with a request it accepts — confirmed by sending
 * that request once — and hands them out to the checks, the one with the most quota left first.
 * Attacks are then single changes to an accepted request, so a refusal can only be due to the
 * change.
 */
export class RouteContext {
  private readonly confirmed: Baseline[] = [];
  private readonly pending: Array<{ actor: Actor | null; objectId?: string }>;
  private lastReason: string;

  /**
   * @param session - The run.
   * @param route - The route.
   */
  constructor(
    private readonly session: ProbeSession,
    readonly route: TargetRoute,
  ) {
    this.pending = [];
    this.lastReason = 'no principal in the config may call this route';
    if (route.isPublic) {
      this.pending.push({ actor: null });
      return;
    }
    const objects =
      route.authorization?.loadsInstance === true ? objectsOf(route, session.config) : null;
    for (const actor of session.accepted(route)) {
      const verdict = verdictOf(route, actor);
      if (verdict !== 'permitted' && verdict !== 'unknown') continue;
      if (objects === null) this.pending.push({ actor });
      else {
        const own = objects.find((o) => reaches(o, actor));
        if (own !== undefined) this.pending.push({ actor, objectId: own.id });
        else
          this.lastReason =
            'no object in the config is reachable by a principal allowed on this route';
      }
    }
  }

  /**
   * A confirmed baseline whose principal may still send requests.
   *
   * @param accept - Only principals it accepts (for checks about particular principals).
   * @returns The baseline, or the reason there is none.
   */
  async next(accept: (actor: Actor | null) => boolean = () => true): Promise<Baseline | string> {
    const fitting = this.confirmed.filter((b) => accept(b.actor));
    const usable = fitting
      .map((b) => ({ b, left: this.left(b.actor) }))
      .filter(({ left }) => left >= 1)
      .sort((x, y) => y.left - x.left);
    if (usable.length > 0) return usable[0]!.b;
    if (fitting.length > 0) this.lastReason = QUOTA_SPENT;
    while (this.pending.length > 0) {
      const index = this.pending.findIndex((p) => accept(p.actor));
      if (index < 0) break;
      const [candidate] = this.pending.splice(index, 1);
      const baseline = await this.confirm(candidate!.actor, candidate!.objectId);
      if (baseline === null) continue;
      if (this.left(baseline.actor) >= 1) return baseline;
      this.lastReason = QUOTA_SPENT;
    }
    return this.lastReason;
  }

  private left(actor: Actor | null): number {
    return this.session.quota.remaining(this.route, actor?.name ?? null);
  }

  private async confirm(
    actor: Actor | null,
    objectId: string | undefined,
  ): Promise<Baseline | null> {
    const { route, session } = this;
    const body = route.body === null ? null : baselineBody(route, session.config);
    const bare = pathOf(route, {}, objectId);
    const query = requiredQuery(route);
    if ((route.body !== null && body === null) || bare === null || query === null) {
      this.lastReason =
        'no valid request could be made from the schema; give a body under "bodies" in the config';
      return null;
    }
    const path = withQuery(bare, query);
    const outcome = await session.send(route, {
      path,
      actor,
      ...(body === null ? {} : { json: body }),
    });
    if (!outcome.sent) {
      this.lastReason = outcome.reason;
      return null;
    }
    const { status } = outcome.response;
    const isAccepted = route.isPublic ? status < 500 && !MALFORMED.has(status) : status < 300;
    if (!isAccepted) {
      const who = actor === null ? '' : ` as ${actor.name}`;
      this.lastReason = `the request made from the schema and config was answered ${status}${who}; list an object the principal reaches under "objects", or give a body under "bodies"`;
      return null;
    }
    const baseline = { actor, path, bare, query, body };
    this.confirmed.push(baseline);
    return baseline;
  }
}
