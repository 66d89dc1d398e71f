import type { ProbeConfig, ProbeObject, ProbePrincipal } from '../config/probe-config';
import type { ProbeTarget, TargetGrant, TargetRoute } from '../target/probe-target';

/** A principal ready to send requests: the headers that carry its credential and its schemes. */
export interface Actor {
  readonly name: string;
  readonly principal: ProbePrincipal;
  /** Names of the target's schemes this credential belongs to. */
  readonly schemes: readonly string[];
  /** Headers carrying the credential. Secret: never reported. */
  readonly headers: Readonly<Record<string, string>>;
}

/** What the policy says a principal gets on a route. */
export type Verdict =
  /** The route does not accept this credential's scheme: 401. */
  | 'unauthenticated'
  /** The principal lacks the role, scope or permission: 403 or 404. */
  | 'refused'
  /** The principal may call the route (on objects it reaches, for object routes). */
  | 'permitted'
  /** The document carries no policy, so the probe cannot tell. */
  | 'unknown';

/**
 * Turns the config's principals into actors: each credential is put where the target's scheme
 * expects it (`Authorization: Bearer`, the API key header or cookie) and matched to the scheme
 * names routes list.
 *
 * @param target - The app.
 * @param config - The principals.
 * @returns The actors, and a note for each principal that no scheme of the app accepts.
 */
export function buildActors(
  target: ProbeTarget,
  config: ProbeConfig,
): { actors: Actor[]; notes: string[] } {
  const actors: Actor[] = [];
  const notes: string[] = [];
  for (const principal of config.principals) {
    const actor = actorOf(target, principal);
    if (actor === null)
      notes.push(`principal "${principal.name}": no scheme of the app takes its credential.`);
    else actors.push(actor);
  }
  return { actors, notes };
}

function actorOf(target: ProbeTarget, principal: ProbePrincipal): Actor | null {
  const { credential } = principal;
  if (credential.kind === 'headers') {
    return {
      name: principal.name,
      principal,
      schemes: [credential.scheme],
      headers: credential.headers,
    };
  }
  if (credential.kind === 'bearer') {
    const schemes = target.schemes.filter((s) => s.kind === 'bearer').map((s) => s.name);
    if (schemes.length === 0) return null;
    return {
      name: principal.name,
      principal,
      schemes,
      headers: { authorization: `Bearer ${credential.token}` },
    };
  }
  const scheme = target.schemes.find((s) => s.kind === 'api-key' && s.in !== 'query');
  if (scheme === undefined) return null;
  const name = scheme.parameterName ?? 'X-API-Key';
  const headers =
    scheme.in === 'cookie'
      ? { cookie: `${name}=${credential.key}` }
      : { [name.toLowerCase()]: credential.key };
  const schemes = target.schemes
    .filter(
      (s) => s.kind === 'api-key' && s.parameterName === scheme.parameterName && s.in === scheme.in,
    )
    .map((s) => s.name);
  return { name: principal.name, principal, schemes, headers };
}

/**
 * Tells whether the route accepts the actor's credential at all.
 *
 * @param route - The route.
 * @param actor - The actor.
 * @returns True when one of the route's schemes is the credential's.
 */
export function isAccepted(route: TargetRoute, actor: Actor): boolean {
  return route.schemes.some((scheme) => actor.schemes.includes(scheme));
}

/**
 * How the actor's roles and scopes hold the route's permission: the best grant among them, as
 * the ability is the union of their rules.
 *
 * @param route - The route.
 * @param actor - The actor.
 * @returns The grant, or `null` when the route names no action and subject.
 */
export function grantFor(route: TargetRoute, actor: Actor): TargetGrant | null {
  const authorization = route.authorization;
  if (authorization === null || authorization.action === null || authorization.subject === null)
    return null;
  const keys = [
    ...actor.principal.roles.map((r) => `role:${r}`),
    ...actor.principal.scopes.map((s) => `scope:${s}`),
  ];
  const grants = keys.map((k) => authorization.grants[k]).filter((g) => g !== undefined);
  if (grants.includes('allowed')) return 'allowed';
  return grants.includes('conditional') ? 'conditional' : 'denied';
}

/**
 * What the policy says the actor gets on the route, before any object is looked at.
 *
 * @param route - The route.
 * @param actor - The actor.
 * @returns The verdict.
 */
export function verdictOf(route: TargetRoute, actor: Actor): Verdict {
  if (route.isPublic) return 'permitted';
  if (!isAccepted(route, actor)) return 'unauthenticated';
  const authorization = route.authorization;
  if (authorization === null) return 'unknown';
  if (authorization.isDenyAll || lacksRoleOrScope(route, actor)) return 'refused';
  return grantFor(route, actor) === 'denied' ? 'refused' : 'permitted';
}

/**
 * The status a refusal of this actor must carry: 403 for a missing role or scope (decided before
 * any object is loaded), else the route's denied status on object routes, else 403.
 *
 * @param route - The route.
 * @param actor - The actor the route refuses.
 * @returns 403 or 404.
 */
export function refusalStatus(route: TargetRoute, actor: Actor): 403 | 404 {
  const authorization = route.authorization;
  if (authorization === null || lacksRoleOrScope(route, actor)) return 403;
  return authorization.loadsInstance ? authorization.deniedStatus : 403;
}

function lacksRoleOrScope(route: TargetRoute, actor: Actor): boolean {
  const authorization = route.authorization;
  if (authorization === null) return false;
  const { roles, scopes } = actor.principal;
  const lacksRole =
    authorization.roles.length > 0 && !authorization.roles.some((r) => roles.includes(r));
  return lacksRole || authorization.scopes.some((s) => !scopes.includes(s));
}

/**
 * Tells whether the config says the actor may reach the object.
 *
 * @param object - A config object.
 * @param actor - The actor.
 * @returns True for its owner and the principals listed in `reachableBy`.
 */
export function reaches(object: ProbeObject, actor: Actor): boolean {
  return object.owner === actor.name || object.reachableBy.includes(actor.name);
}

/**
 * The config's objects of the route's subject.
 *
 * @param route - The route.
 * @param config - The probe config.
 * @returns The objects, empty when the route names no subject.
 */
export function objectsOf(route: TargetRoute, config: ProbeConfig): ProbeObject[] {
  const subject = route.authorization?.subject ?? null;
  return subject === null ? [] : config.objects.filter((o) => o.subject === subject);
}
