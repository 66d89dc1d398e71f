import type { JsonSchema } from '../target/probe-target';
import { isFreeFormObject, propertiesOf } from '../target/schema-tools';
import { judge, type Expectation } from '../engine/judge';
import type { Attempt, ProbeSession } from '../engine/probe-session';
import type { Baseline, RouteContext } from '../engine/route-context';
import type { CheckId } from '../engine/results';
import { invalidTextOf, wrongTypeOf } from '../values/attack-payloads';
import { queryParameters, withQuery } from '../values/request-shapes';
import { NO_SAMPLE } from '../values/sample-values';

const UNKNOWN = 'bulwarkProbeUnknown';

const PROTOTYPE_KEYS = [
  '"__proto__":{"bulwarkProbePolluted":true}',
  '"constructor":{"prototype":{"bulwarkProbePolluted":true}}',
];

/** Sends one change of an accepted request and judges it; skips when there is no baseline. */
type Run = (
  check: CheckId,
  expected: Expectation,
  change: (base: Baseline) => Omit<Attempt, 'actor'>,
) => Promise<void>;

/**
 * Attacks a route's input handling with single changes to an accepted request: unknown
 * properties (also inside free-form objects) and query parameters, prototype keys, wrong types,
 * a body over the size limit, a body nested past the depth limit, and bodies that are not JSON.
 * The refusal must be 400 (413 for size, 415 for the content type) and never a 500.
 *
 * @param session - The run.
 * @param context - The route's baselines.
 */
export async function checkInput(session: ProbeSession, context: RouteContext): Promise<void> {
  const route = context.route;
  const run: Run = async (check, expected, change) => {
    const base = await context.next();
    if (typeof base === 'string') {
      session.book.skip(route, check, base);
      return;
    }
    const outcome = await session.send(route, { actor: base.actor, ...change(base) });
    judge(session, route, check, outcome, expected);
  };
  if (route.body !== null) {
    await checkBody(route.body, run);
    await checkBodyLimits(session, run);
  }
  await checkQuery(context, run);
}

async function checkBody(body: JsonSchema, run: Run): Promise<void> {
  const properties = Object.entries(propertiesOf(body));
  await run('input.unknown-properties', refusal('an undeclared property'), (b) => ({
    path: b.path,
    json: { ...b.body, [UNKNOWN]: 'x' },
  }));
  for (const [name] of properties.filter(([, schema]) => isFreeFormObject(schema))) {
    const attack = refusal(`an undeclared property inside "${name}"`);
    await run('input.unknown-properties', attack, (b) => ({
      path: b.path,
      json: { ...b.body, [name]: { [UNKNOWN]: 'x' } },
    }));
  }
  for (const key of PROTOTYPE_KEYS) {
    const attack = refusal(`a body with ${key.split(':')[0]}`);
    await run('input.prototype-keys', attack, (b) => ({
      path: b.path,
      raw: `{${key}${rest(b.body)}}`,
    }));
  }
  for (const [name, schema] of properties) {
    const wrong = wrongTypeOf(schema);
    if (wrong === NO_SAMPLE) continue;
    await run('input.wrong-types', refusal(`"${name}" of the wrong type`), (b) => ({
      path: b.path,
      json: { ...b.body, [name]: wrong },
    }));
  }
}

async function checkBodyLimits(session: ProbeSession, run: Run): Promise<void> {
  const limits = session.target.bodyLimits;
  const size = (limits?.maxBytes ?? 1024 * 1024) + 1024;
  await run('input.oversized-body', { statuses: [413], attack: `a ${size}-byte body` }, (b) => ({
    path: b.path,
    json: { ...b.body, [UNKNOWN]: 'x'.repeat(size) },
  }));
  const depth = (limits?.maxDepth ?? 32) + 8;
  const nested = `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const deep = { statuses: [400, 413], attack: `a body nested ${depth} levels deep` };
  await run('input.deep-nesting', deep, (b) => ({
    path: b.path,
    raw: `{"${UNKNOWN}":${nested}${rest(b.body)}}`,
  }));
  const bodies = [
    ['text/plain', (b: Baseline) => JSON.stringify(b.body)],
    ['application/x-www-form-urlencoded', () => 'title=probe&body=probe'],
  ] as const;
  for (const [type, text] of bodies) {
    await run('input.content-type', { statuses: [415], attack: `a ${type} body` }, (b) => ({
      path: b.path,
      raw: text(b),
      contentType: type,
    }));
  }
}

async function checkQuery(context: RouteContext, run: Run): Promise<void> {
  const route = context.route;
  const parameters = queryParameters(route);
  for (const parameter of parameters) {
    const invalid = invalidTextOf(parameter.schema);
    if (invalid === NO_SAMPLE) continue;
    const others = (b: Baseline) => b.query.filter(([n]) => n !== parameter.name);
    await run('input.wrong-types', refusal(`query "${parameter.name}" invalid`), (b) => ({
      path: withQuery(b.bare, [...others(b), [parameter.name, invalid]]),
    }));
  }
  if (parameters.length > 0) {
    await run('input.unknown-properties', refusal('an undeclared query parameter'), (b) => ({
      path: withQuery(b.bare, [...b.query, [UNKNOWN, 'x']]),
    }));
  }
  if (route.method === 'GET') {
    await run('input.prototype-keys', refusal('a query with __proto__'), (b) => ({
      path: `${withQuery(b.bare, b.query)}${b.query.length > 0 ? '&' : '?'}__proto__=x`,
    }));
  }
}

/** The baseline's members as `,"a":1,"b":2`, to append after a hand-written first member. */
function rest(body: Record<string, unknown> | null): string {
  const text = JSON.stringify(body ?? {});
  return text === '{}' ? '' : `,${text.slice(1, -1)}`;
}

function refusal(attack: string): Expectation {
  return { statuses: [400], codes: ['ERR_VALIDATION_FAILED', 'ERR_REQUEST_MALFORMED'], attack };
}
