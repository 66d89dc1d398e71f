import { isFreeFormObject, propertiesOf } from '../target/schema-tools';
import { judge, type Expectation } from '../engine/judge';
import type { Attempt, ProbeSession } from '../engine/probe-session';
import type { Baseline, RouteContext } from '../engine/route-context';
import type { CheckId } from '../engine/results';
import { invalidTextOf, wrongTypeOf } from '../values/attack-payloads';
import { queryParameters, withQuery } from '../values/request-shapes';
import { NO_SAMPLE } from '../values/sample-values';

const UNKNOWN = 'bulwarkProbeUnknown';

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
  const hasQuery = queryParameters(route).length > 0;
  if (route.body === null && !hasQuery && route.method !== 'GET') return;
  const run = async (
    check: CheckId,
    expected: Expectation,
    change: (b: Baseline) => Attempt | null,
  ) => {
    const base = await context.next();
    if (typeof base === 'string') {
      session.book.skip(route, check, base);
      return;
    }
    const attempt = change(base);
    if (attempt !== null)
      judge(session, route, check, await session.send(route, attempt), expected);
  };
  const as = (b: Baseline, extra: Omit<Attempt, 'actor'>): Attempt => ({
    actor: b.actor,
    ...extra,
  });

  if (route.body !== null) {
    await run('input.unknown-properties', refusal('an undeclared property'), (b) =>
      as(b, { path: b.path, json: { ...b.body, [UNKNOWN]: 'x' } }),
    );
    const freeForm = Object.entries(propertiesOf(route.body)).filter(([, s]) =>
      isFreeFormObject(s),
    );
    for (const [name] of freeForm) {
      await run(
        'input.unknown-properties',
        refusal(`an undeclared property inside "${name}"`),
        (b) => as(b, { path: b.path, json: { ...b.body, [name]: { [UNKNOWN]: 'x' } } }),
      );
    }
    for (const key of [
      '"__proto__":{"bulwarkProbePolluted":true}',
      '"constructor":{"prototype":{"bulwarkProbePolluted":true}}',
    ]) {
      await run('input.prototype-keys', refusal(`a body with ${key.split(':')[0]}`), (b) =>
        as(b, { path: b.path, raw: `{${key}${rest(b.body)}}` }),
      );
    }
    for (const [name, schema] of Object.entries(propertiesOf(route.body))) {
      const wrong = wrongTypeOf(schema);
      if (wrong === NO_SAMPLE) continue;
      await run('input.wrong-types', refusal(`"${name}" of the wrong type`), (b) =>
        as(b, { path: b.path, json: { ...b.body, [name]: wrong } }),
      );
    }
    await checkBodyLimits(session, run, as);
  }
  for (const parameter of queryParameters(route)) {
    const invalid = invalidTextOf(parameter.schema);
    if (invalid === NO_SAMPLE) continue;
    await run('input.wrong-types', refusal(`query "${parameter.name}" invalid`), (b) =>
      as(b, {
        path: withQuery(b.bare, [
          ...b.query.filter(([n]) => n !== parameter.name),
          [parameter.name, invalid],
        ]),
      }),
    );
  }
  if (hasQuery) {
    await run('input.unknown-properties', refusal('an undeclared query parameter'), (b) =>
      as(b, { path: withQuery(b.bare, [...b.query, [UNKNOWN, 'x']]) }),
    );
  }
  if (route.method === 'GET') {
    await run('input.prototype-keys', refusal('a query with __proto__'), (b) =>
      as(b, { path: `${withQuery(b.bare, b.query)}${b.query.length > 0 ? '&' : '?'}__proto__=x` }),
    );
  }
}

type Run = (
  check: CheckId,
  expected: Expectation,
  change: (b: Baseline) => Attempt | null,
) => Promise<void>;

async function checkBodyLimits(
  session: ProbeSession,
  run: Run,
  as: (b: Baseline, extra: Omit<Attempt, 'actor'>) => Attempt,
): Promise<void> {
  const limits = session.target.bodyLimits;
  const size = (limits?.maxBytes ?? 1024 * 1024) + 1024;
  await run('input.oversized-body', { statuses: [413], attack: `a ${size}-byte body` }, (b) =>
    as(b, { path: b.path, json: { ...b.body, [UNKNOWN]: 'x'.repeat(size) } }),
  );
  const depth = (limits?.maxDepth ?? 32) + 8;
  await run(
    'input.deep-nesting',
    { statuses: [400, 413], attack: `a body nested ${depth} levels deep` },
    (b) =>
      as(b, {
        path: b.path,
        raw: `{"${UNKNOWN}":${'['.repeat(depth)}${']'.repeat(depth)}${rest(b.body)}}`,
      }),
  );
  for (const [type, text] of [
    ['text/plain', (b: Baseline) => JSON.stringify(b.body)],
    ['application/x-www-form-urlencoded', () => 'title=probe&body=probe'],
  ] as const) {
    await run('input.content-type', { statuses: [415], attack: `a ${type} body` }, (b) =>
      as(b, { path: b.path, raw: text(b), contentType: type }),
    );
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
