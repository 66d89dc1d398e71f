import type { ProbeResponse } from '../http/scoped-client';
import type { TargetRoute } from '../target/probe-target';
import { isTextSchema, propertiesOf, typesOf } from '../target/schema-tools';
import type { Outcome, ProbeSession } from '../engine/probe-session';
import type { Baseline, RouteContext } from '../engine/route-context';
import type { CheckId } from '../engine/results';
import {
  EXECUTION_MARKERS,
  INJECTION_STRINGS,
  NO_MATCH,
  NOSQL_OBJECTS,
  NOSQL_QUERY_SUFFIXES,
  type InjectionClass,
} from '../values/attack-payloads';
import { verdictOf } from '../engine/actors';
import {
  baselineBody,
  pathOf,
  queryParameters,
  requiredQuery,
  withQuery,
} from '../values/request-shapes';

/** Where one attack string goes in an accepted request; `null` when it cannot go there. */
type Placement = (
  base: Baseline,
  value: unknown,
) => { path: string; json?: unknown; headers?: Record<string, string> } | null;

/**
 * Puts SQL, NoSQL-operator, command, path-traversal and XSS strings into every text field of the
 * body, every text query and header parameter and every path parameter, one at a time in an otherwise
 * accepted request. Each must be refused (4xx) or handled as inert data: never a 5xx, never the
 * output of a command or a system file in the answer, never an HTML answer echoing the markup,
 * and — on lists — never more results than a value that matches nothing (a changed query).
 *
 * @param session - The run.
 * @param context - The route's baselines.
 */
export async function checkInjection(session: ProbeSession, context: RouteContext): Promise<void> {
  const route = context.route;
  for (const [name, schema] of Object.entries(propertiesOf(route.body ?? {}))) {
    const items = (schema['items'] ?? {}) as Record<string, unknown>;
    const isList = typesOf(schema).includes('array') && isTextSchema(items);
    if (!isTextSchema(schema) && !isList) continue;
    const place: Placement = (b, v) => ({
      path: b.path,
      json: { ...b.body, [name]: isList ? [v] : v },
    });
    await injectEverything(session, context, `body "${name}"`, place);
    for (const value of NOSQL_OBJECTS) {
      await inject(session, context, { where: `body "${name}"`, place, kind: 'nosql', value });
    }
  }
  for (const parameter of queryParameters(route).filter((p) => isTextSchema(p.schema))) {
    const where = `query "${parameter.name}"`;
    const others = (b: Baseline) => b.query.filter(([n]) => n !== parameter.name);
    const place: Placement = (b, v) =>
      typeof v === 'string'
        ? { path: withQuery(b.bare, [...others(b), [parameter.name, v]]) }
        : null;
    await injectEverything(session, context, where, place);
    for (const suffix of NOSQL_QUERY_SUFFIXES) {
      const operator: Placement = (b, v) => ({
        path: withQuery(b.bare, [...others(b), [`${parameter.name}${suffix}`, String(v)]]),
      });
      await inject(session, context, { where, place: operator, kind: 'nosql', value: NO_MATCH });
    }
  }
  for (const parameter of route.parameters.filter((p) => p.location === 'header')) {
    if (!isTextSchema(parameter.schema)) continue;
    const place: Placement = (b, v) =>
      typeof v === 'string'
        ? { path: b.path, headers: { [parameter.name.toLowerCase()]: v }, ...bodyOf(b) }
        : null;
    await injectEverything(session, context, `header "${parameter.name}"`, place);
  }
  await injectIntoPath(session, context);
}

/** Every string of every class except NoSQL (which needs objects) into one place. */
async function injectEverything(
  session: ProbeSession,
  context: RouteContext,
  where: string,
  place: Placement,
  given?: Baseline,
): Promise<void> {
  for (const [kind, values] of Object.entries(INJECTION_STRINGS)) {
    for (const value of values) {
      await inject(session, context, { where, place, kind: kind as InjectionClass, value }, given);
    }
  }
}

/**
 * Path parameters are attacked as any principal the policy lets in (anonymous on public routes):
 * the attack replaces the identifier, so no accepted request about a real object is needed.
 */
async function injectIntoPath(session: ProbeSession, context: RouteContext): Promise<void> {
  const route = context.route;
  const parameters = route.parameters.filter((p) => p.location === 'path');
  if (parameters.length === 0) return;
  const actor = route.isPublic
    ? null
    : (session.accepted(route).find((a) => verdictOf(route, a) !== 'refused') ?? null);
  if (!route.isPublic && actor === null) {
    for (const kind of Object.keys(INJECTION_STRINGS)) {
      const check = `injection.${kind}` as CheckId;
      session.book.skip(route, check, 'no principal in the config may call this route');
    }
    return;
  }
  const body = route.body === null ? null : baselineBody(route, session.config);
  const query = requiredQuery(route) ?? [];
  const base: Baseline = { actor, path: route.path, bare: route.path, query, body };
  for (const parameter of parameters) {
    const place: Placement = (b, v) => {
      const path = typeof v === 'string' ? pathOf(route, { [parameter.name]: v }) : null;
      if (path === null) return null;
      return { path: withQuery(path, b.query), ...(b.body === null ? {} : { json: b.body }) };
    };
    await injectEverything(session, context, `path "${parameter.name}"`, place, base);
  }
}

function bodyOf(base: Baseline): { json?: unknown } {
  return base.body === null ? {} : { json: base.body };
}

interface Injection {
  readonly where: string;
  readonly place: Placement;
  readonly kind: InjectionClass;
  readonly value: unknown;
}

async function inject(
  session: ProbeSession,
  context: RouteContext,
  injection: Injection,
  given?: Baseline,
): Promise<void> {
  const route = context.route;
  const check = `injection.${injection.kind}` as CheckId;
  const base = given ?? (await context.next());
  if (typeof base === 'string') {
    session.book.skip(route, check, base);
    return;
  }
  const placed = injection.place(base, injection.value);
  if (placed === null) return;
  const payloads =
    typeof injection.value === 'string'
      ? [injection.value, encodeURIComponent(injection.value)]
      : [];
  const outcome = await session.send(route, { ...placed, actor: base.actor, payloads });
  const attack = `${injection.kind} string in ${injection.where}`;
  const problem = problemOf(outcome, injection);
  if (problem === 'skip') {
    const reason = outcome.sent ? 'a rate limit refused the attempt' : outcome.reason;
    session.book.skip(route, check, reason);
  } else if (problem !== null) {
    const evidence = outcome.sent ? outcome.evidence : undefined;
    session.book.fail(route, check, `${attack}: ${problem}`, evidence);
  } else if (isWidenable(route, injection, outcome)) {
    await compareWithNoMatch(session, context, base, injection, outcome.response, attack);
  } else {
    session.book.pass(route, check);
  }
}

/** A served read with the value in the query: a changed query would show as more results. */
function isWidenable(
  route: TargetRoute,
  injection: Injection,
  outcome: Outcome,
): outcome is Extract<Outcome, { sent: true }> {
  return (
    outcome.sent &&
    route.method === 'GET' &&
    outcome.response.status < 300 &&
    injection.where.startsWith('query')
  );
}

/**
 * `null` when the answer is a refusal or inert, `'skip'` when it says nothing, else the problem.
 * An operator object must be refused outright: the schema declares text, so accepting an object
 * means the value reaches the handler untyped, ready to become a query operator.
 */
function problemOf(outcome: Outcome, injection: Injection): string | null | 'skip' {
  if (!outcome.sent) return outcome.isFault === true ? outcome.reason : 'skip';
  const { response } = outcome;
  if (response.status === 429) return 'skip';
  if (response.status >= 500)
    return `answered ${response.status}: the input reached code that broke on it`;
  if (response.status >= 300) return null;
  if (typeof injection.value === 'object') {
    return 'an operator object was accepted where the schema declares text';
  }
  for (const [marker, what] of EXECUTION_MARKERS) {
    if (marker.test(response.text)) return `the answer holds ${what}`;
  }
  const type = String(response.headers['content-type'] ?? '');
  if (
    injection.kind === 'xss' &&
    /html/i.test(type) &&
    response.text.includes(String(injection.value))
  ) {
    return 'the markup comes back unescaped in an HTML answer';
  }
  return null;
}

const controls = new WeakMap<RouteContext, Map<string, Promise<number | null>>>();

/**
 * On a read, the same request with a value that matches nothing is the measure (sent once per
 * parameter): an injected string that widens the result — more items than nothing matched —
 * changed the query.
 */
async function compareWithNoMatch(
  session: ProbeSession,
  context: RouteContext,
  base: Baseline,
  injection: Injection,
  injected: ProbeResponse,
  attack: string,
): Promise<void> {
  const route = context.route;
  const check = `injection.${injection.kind}` as CheckId;
  let cache = controls.get(context);
  if (cache === undefined) controls.set(context, (cache = new Map()));
  let control = cache.get(injection.where);
  if (control === undefined) {
    control = noMatchCount(session, route, base, injection);
    cache.set(injection.where, control);
  }
  const before = await control;
  const after = countOf(injected.json);
  if (before !== null && after !== null && after > before) {
    session.book.fail(
      route,
      check,
      `${attack}: ${after} results where a value that matches nothing gives ${before} (the query changed)`,
    );
  } else session.book.pass(route, check);
}

async function noMatchCount(
  session: ProbeSession,
  route: TargetRoute,
  base: Baseline,
  injection: Injection,
): Promise<number | null> {
  const placed = injection.place(base, NO_MATCH);
  if (placed === null) return null;
  const control = await session.send(route, { ...placed, actor: base.actor });
  return control.sent && control.response.status < 300 ? countOf(control.response.json) : null;
}

/** Items in a list answer: a top-level array, or the first array member of an object. */
function countOf(json: unknown): number | null {
  if (Array.isArray(json)) return json.length;
  if (typeof json !== 'object' || json === null) return null;
  const list = Object.values(json).find(Array.isArray);
  return list === undefined ? null : list.length;
}
