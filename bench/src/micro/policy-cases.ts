import { subject } from '@casl/ability';
import { createJwtAuthenticator } from '@bulwark/auth';
import { createPrincipal, decide, type RoutePolicy } from '@bulwark/core';
import { createRateLimitEnforcer } from '@bulwark/rate-limit';
import { useBulwark } from '@bulwark/routing-controllers';
import express from 'express';
import { memberAbility } from '../fixtures/abilities';
import { ItemStore, itemIdOf, userIdOf } from '../fixtures/items';
import { AUDIENCE, ISSUER, MEMBER_ROLE, type BenchKeys } from '../fixtures/keys';
import { itemsController, permissions } from '../servers/bulwark';
import { repeat, sequential, type MicroCase } from './measure';

/** The compiled policies of the benchmark's Bulwark controller. */
function compiledPolicies(
  store: ItemStore,
  keys: BenchKeys,
): { one: RoutePolicy; create: RoutePolicy } {
  const bulwark = useBulwark(express(), {
    controllers: [itemsController(store)],
    permissions,
    authenticators: [
      createJwtAuthenticator({ issuer: ISSUER, audience: AUDIENCE, key: { secret: keys.secret } }),
    ],
    audit: false,
    strict: false,
    muteWarnings: ['W_AUDIT_DISABLED'],
  });
  const find = (handler: string): RoutePolicy => {
    const policy = bulwark.policies.find((p) => p.handler === handler);
    if (policy === undefined) throw new Error(`no compiled policy for ${handler}`);
    return policy;
  };
  return { one: find('one'), create: find('create') };
}

/**
 * The ability, check and limit steps: Bulwark's cached ability against a CASL ability built per
 * request, Bulwark's compiled decision on a loaded item against a bare CASL check, and the
 * memory rate limiter's check of one route.
 *
 * @param keys - The run's keys, for the authenticator the policies name.
 * @returns The cases.
 */
export function policyCases(keys: BenchKeys): MicroCase[] {
  const store = new ItemStore(1);
  const policies = compiledPolicies(store, keys);
  const principal = createPrincipal({
    id: userIdOf(0),
    kind: 'user',
    scheme: 'bearer',
    roles: [MEMBER_ROLE],
  });
  const ability = permissions.abilityFor(principal);
  const item = store.get(itemIdOf(0)) as object;
  const authorization = policies.one.authorization;
  if (authorization === null) throw new Error('the GET route has no authorization step');
  const limiter = createRateLimitEnforcer({ store: 'memory' });
  const limitInput = { clientAddress: '127.0.0.1', principal, params: {}, headers: {} };
  const decision = {
    principal,
    ability,
    instance: item,
    params: { id: itemIdOf(0) },
    checks: permissions.checks,
  };
  return [
    {
      step: 'ability',
      name: 'Bulwark abilityFor (cached per principal), then one check',
      batch: 20_000,
      run: (calls) => repeat(calls, () => permissions.abilityFor(principal).can('create', 'Item')),
    },
    {
      step: 'ability',
      name: 'CASL ability built per request, then one check (NestJS and hand-rolled)',
      batch: 5000,
      run: (calls) => repeat(calls, () => memberAbility(userIdOf(0)).can('create', 'Item')),
    },
    {
      step: 'check',
      name: 'Bulwark decide, read on the loaded item (ownership condition)',
      batch: 10_000,
      run: (calls) => sequential(calls, () => decide(authorization, decision)),
    },
    {
      step: 'check',
      name: 'CASL can, read on a tagged item',
      batch: 20_000,
      run: (calls) => repeat(calls, () => ability.can('read', subject('Item', item))),
    },
    {
      step: 'limit',
      name: 'Bulwark memory rate limiter, one limit per principal',
      batch: 5000,
      run: (calls) =>
        sequential(calls, () => limiter.check(policies.create, limitInput, { phase: 'post-auth' })),
    },
  ];
}
