import { expect } from 'chai';
import { limitsOfPhase, planRoute } from '../../src/route-plan';
import { limitOf, routeWith } from './support/route';

describe('planRoute', () => {
  it('scopes method and class limits to the route id and global limits to every route', () => {
    const plan = planRoute(
      routeWith(
        [
          limitOf({ name: 'g', origin: 'global' }),
          limitOf({ name: 'c', origin: 'class', algorithm: 'token-bucket' }),
        ],
        'Notes.get',
      ),
    );
    expect(plan.map((p) => p.suffix)).to.deep.equal(['*:g:fw', 'Notes.get:c:tb']);
  });

  it('makes repeated limit names unique', () => {
    const plan = planRoute(routeWith([limitOf(), limitOf(), limitOf({ name: 'other' })]));
    expect(plan.map((p) => p.name)).to.deep.equal(['burst', 'burst#2', 'other']);
  });

  it('returns the same plan for the same route object', () => {
    const route = routeWith([limitOf()]);
    expect(planRoute(route)).to.equal(planRoute(route));
  });
});

describe('limitsOfPhase', () => {
  const plan = planRoute(
    routeWith([
      limitOf({ name: 'ip', key: 'ip' }),
      limitOf({ name: 'user', key: 'principal' }),
      limitOf({ name: 'fn', key: () => 'x' }),
    ]),
  );

  it('keeps the address limits before authentication', () => {
    expect(limitsOfPhase(plan, 'pre-auth').map((p) => p.name)).to.deep.equal(['ip']);
  });

  it('keeps every other limit after authentication', () => {
    expect(limitsOfPhase(plan, 'post-auth').map((p) => p.name)).to.deep.equal(['user', 'fn']);
  });

  it('keeps every limit for `all`', () => {
    expect(limitsOfPhase(plan, 'all')).to.have.length(3);
  });

  it('returns the same frozen list on every call for one plan and phase', () => {
    for (const phase of ['pre-auth', 'post-auth', 'all'] as const) {
      const first = limitsOfPhase(plan, phase);

      expect(limitsOfPhase(plan, phase), phase).to.equal(first);
      expect(Object.isFrozen(first), phase).to.equal(true);
    }
    expect(limitsOfPhase(plan, 'all')).to.equal(plan);
  });

  it('keeps the lists of two plans apart', () => {
    const other = planRoute(routeWith([limitOf({ name: 'other-ip', key: 'ip' })]));

    expect(limitsOfPhase(other, 'pre-auth').map((p) => p.name)).to.deep.equal(['other-ip']);
    expect(limitsOfPhase(other, 'post-auth')).to.deep.equal([]);
  });
});
