import type { ProbeObject } from '../config/probe-config';
import type { TargetRoute } from '../target/probe-target';
import { objectsOf, reaches, refusalStatus, verdictOf, type Actor } from '../engine/actors';
import { AUTHZ_CODES, judge } from '../engine/judge';
import type { ProbeSession } from '../engine/probe-session';
import { baselineBody, pathOf, requiredQuery, withQuery } from '../values/request-shapes';

/**
 * Attacks a route's authorization with the config's principals and objects:
 *
 * - function level: every principal whose roles, scopes or grants lack the route's permission is
 *   refused with 403 (404 on object routes that hide existence);
 * - object level (BOLA): on routes that load an object, every principal the policy lets in but
 *   the object is not reachable by (not its owner, not listed) gets exactly the route's denied
 *   status — after a control read shows the owner does reach it, so the refusal means something;
 * - list narrowing: on list routes, such objects do not appear in the principal's list.
 *
 * @param session - The run.
 * @param route - A route that is not public.
 */
export async function checkAccess(session: ProbeSession, route: TargetRoute): Promise<void> {
  if (route.isPublic) return;
  if (route.authorization === null) {
    session.book.skip(
      route,
      'authz.function-level',
      'the document carries no Bulwark policy for this route',
    );
    return;
  }
  await checkFunctionLevel(session, route);
  if (route.authorization.loadsInstance) await checkObjectLevel(session, route);
  if (route.authorization.isList && route.method === 'GET')
    await checkListNarrowing(session, route);
}

async function checkFunctionLevel(session: ProbeSession, route: TargetRoute): Promise<void> {
  const refused = session.accepted(route).filter((actor) => verdictOf(route, actor) === 'refused');
  if (refused.length === 0) {
    session.book.skip(
      route,
      'authz.function-level',
      'every principal in the config may call this route',
    );
    return;
  }
  const object = objectsOf(route, session.config)[0];
  for (const actor of refused) {
    const outcome = await sendAs(session, route, actor, object);
    judge(session, route, 'authz.function-level', outcome, {
      statuses: [refusalStatus(route, actor)],
      codes: AUTHZ_CODES,
      attack: `${actor.name} lacks the permission`,
    });
  }
}

async function checkObjectLevel(session: ProbeSession, route: TargetRoute): Promise<void> {
  const objects = objectsOf(route, session.config);
  if (objects.length === 0) {
    session.book.skip(
      route,
      'authz.object-level',
      `the config lists no ${route.authorization?.subject ?? ''} object`,
    );
    return;
  }
  for (const object of objects) {
    const control = await controlRead(session, object);
    if (control !== null) {
      session.book.skip(route, 'authz.object-level', control);
      continue;
    }
    const strangers = session
      .accepted(route)
      .filter((actor) => verdictOf(route, actor) === 'permitted' && !reaches(object, actor));
    if (strangers.length === 0) {
      session.book.skip(
        route,
        'authz.object-level',
        `every principal allowed here reaches object ${object.id}`,
      );
    }
    for (const actor of strangers) {
      const outcome = await sendAs(session, route, actor, object);
      judge(session, route, 'authz.object-level', outcome, {
        statuses: [refusalStatus(route, actor)],
        codes: AUTHZ_CODES,
        attack: `${actor.name} on ${object.owner}'s ${object.subject} ${object.id}`,
      });
    }
  }
}

async function checkListNarrowing(session: ProbeSession, route: TargetRoute): Promise<void> {
  const objects = objectsOf(route, session.config);
  const query = requiredQuery(route);
  if (objects.length === 0 || query === null) {
    session.book.skip(route, 'authz.list-narrowing', 'the config lists no object of this subject');
    return;
  }
  for (const actor of session.accepted(route).filter((a) => verdictOf(route, a) === 'permitted')) {
    const hidden = objects.filter((o) => !reaches(o, actor));
    if (hidden.length === 0) continue;
    const outcome = await session.send(route, { path: withQuery(route.path, query), actor });
    if (
      !judge(session, route, 'authz.list-narrowing', outcome, {
        statuses: [200],
        attack: `${actor.name} lists`,
      })
    )
      continue;
    if (!outcome.sent) continue;
    for (const object of hidden.filter((o) => outcome.response.text.includes(o.id))) {
      session.book.fail(
        route,
        'authz.list-narrowing',
        `${actor.name}'s list holds ${object.owner}'s ${object.subject} ${object.id}, which the principal may not reach`,
        outcome.evidence,
      );
    }
  }
}

/** A request as the actor on the object (or a sampled id), with a body the route accepts. */
function sendAs(
  session: ProbeSession,
  route: TargetRoute,
  actor: Actor,
  object: ProbeObject | undefined,
) {
  const bare = pathOf(route, {}, object?.id) ?? route.path;
  const body = route.body === null ? undefined : (baselineBody(route, session.config) ?? {});
  return session.send(route, {
    path: withQuery(bare, requiredQuery(route) ?? []),
    actor,
    ...(body === undefined ? {} : { json: body }),
  });
}

const controls = new WeakMap<ProbeSession, Map<string, Promise<string | null>>>();

/**
 * Reads the object as its owner through a GET route of the same subject, once per run: a refusal
 * of others proves nothing if the id names nothing.
 *
 * @returns `null` when the owner reads it (or no GET route can tell), else why not.
 */
function controlRead(session: ProbeSession, object: ProbeObject): Promise<string | null> {
  let cache = controls.get(session);
  if (cache === undefined) controls.set(session, (cache = new Map()));
  const key = `${object.subject}:${object.id}`;
  let control = cache.get(key);
  if (control === undefined) {
    control = readAsOwner(session, object);
    cache.set(key, control);
  }
  return control;
}

async function readAsOwner(session: ProbeSession, object: ProbeObject): Promise<string | null> {
  const reader = session.target.routes.find(
    (r) =>
      r.method === 'GET' &&
      r.authorization?.loadsInstance === true &&
      r.authorization.subject === object.subject,
  );
  const owner = session.actors.find((a) => a.name === object.owner);
  if (reader === undefined || owner === undefined) return null;
  const path = pathOf(reader, {}, object.id);
  if (path === null) return null;
  const outcome = await session.send(reader, { path, actor: owner });
  if (!outcome.sent)
    return `the control read of object ${object.id} was not sent: ${outcome.reason}`;
  return outcome.response.status < 300
    ? null
    : `control failed: ${object.owner} could not read ${object.subject} ${object.id} (${outcome.response.status}), so refusals of others would prove nothing`;
}
