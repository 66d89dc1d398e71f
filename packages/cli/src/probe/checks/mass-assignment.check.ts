import { randomUUID } from 'node:crypto';
import type { TargetRoute } from '../target/probe-target';
import { propertiesOf } from '../target/schema-tools';
import { judge } from '../engine/judge';
import type { ProbeSession } from '../engine/probe-session';
import type { RouteContext } from '../engine/route-context';
import { PRIVILEGED_FIELDS } from '../values/attack-payloads';
import { NO_SAMPLE, sampleOf } from '../values/sample-values';

/**
 * Attacks a write route with fields the caller must not set:
 *
 * - privileged names the body does not declare (`ownerId`, `role`, `isAdmin`, `createdAt`, …),
 *   added to an accepted body: the app must refuse them (400), not store them;
 * - declared fields the config's field rules reserve for some principals, sent by the others:
 *   403 `ERR_AUTHZ_FIELDS_DENIED`.
 *
 * @param session - The run.
 * @param context - The route's baselines.
 */
export async function checkMassAssignment(
  session: ProbeSession,
  context: RouteContext,
): Promise<void> {
  const route = context.route;
  if (route.body === null || !route.isMutating) return;
  const declared = propertiesOf(route.body);
  const undeclared = PRIVILEGED_FIELDS.filter((name) => !Object.hasOwn(declared, name));
  const base = await context.next();
  if (typeof base === 'string') {
    session.book.skip(route, 'authz.mass-assignment', base);
  } else if (undeclared.length > 0 && base.body !== null) {
    const extra = Object.fromEntries(undeclared.map((name) => [name, privilegedValue(name)]));
    const outcome = await session.send(route, {
      path: base.path,
      actor: base.actor,
      json: { ...base.body, ...extra },
    });
    judge(session, route, 'authz.mass-assignment', outcome, {
      statuses: [400],
      attack: `undeclared fields ${undeclared.slice(0, 4).join(', ')}… added to an accepted body`,
    });
  }
  await checkFieldRules(session, context, route);
}

async function checkFieldRules(
  session: ProbeSession,
  context: RouteContext,
  route: TargetRoute,
): Promise<void> {
  const subject = route.authorization?.subject ?? null;
  const declared = propertiesOf(route.body ?? {});
  const rules = session.config.fieldRules.filter((rule) => rule.subject === subject);
  for (const rule of rules) {
    for (const field of rule.fields.filter((f) => Object.hasOwn(declared, f))) {
      const value = sampleOf(declared[field]!);
      if (value === NO_SAMPLE) continue;
      const base = await context.next(
        (actor) => actor !== null && !rule.writableBy.includes(actor.name),
      );
      if (typeof base === 'string') {
        session.book.skip(route, 'authz.mass-assignment', `field "${field}": ${base}`);
        continue;
      }
      const outcome = await session.send(route, {
        path: base.path,
        actor: base.actor,
        json: { ...base.body, [field]: value },
      });
      judge(session, route, 'authz.mass-assignment', outcome, {
        statuses: [403],
        codes: ['ERR_AUTHZ_FIELDS_DENIED'],
        attack: `${base.actor?.name ?? 'anonymous'} sets "${field}", reserved for ${rule.writableBy.join(', ') || 'nobody'}`,
      });
    }
  }
}

function privilegedValue(name: string): unknown {
  if (name === 'roles' || name === 'scopes' || name === 'permissions') return ['admin'];
  if (name === 'role') return 'admin';
  if (name === 'isAdmin' || name === 'admin') return true;
  if (name === 'createdAt' || name === 'updatedAt') return '2000-01-01T00:00:00.000Z';
  return randomUUID();
}
