import { expect } from 'chai';
import { applyDeclaration, Audit, Authorize, Public, RateLimit, Validate } from '@bulwark/core';

const code = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: unknown }).code;
  }
  return 'no error';
};

class Dto {}

describe('Authorize', () => {
  it('refuses an action without a subject', () => {
    expect(code(() => Authorize({ action: 'read' })(class {}))).to.equal('ERR_DECORATOR_ARGUMENT');
  });

  it('refuses unknown options, empty role lists and both load and list', () => {
    expect(code(() => Authorize({ rolez: ['x'] } as never)(class {}))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
    expect(code(() => Authorize({ roles: [] })(class {}))).to.equal('ERR_DECORATOR_ARGUMENT');
    expect(
      code(() => Authorize('read', 'Note', { load: () => null, list: true })(class {})),
    ).to.equal('ERR_DECORATOR_ARGUMENT');
  });

  it('refuses a denied status other than 403 or 404', () => {
    expect(
      code(() => Authorize('read', 'Note', { deniedStatus: 401 as never })(class {})),
    ).to.equal('ERR_DECORATOR_ARGUMENT');
  });

  it('refuses to share a target with @Public', () => {
    class Both {}
    Public()(Both);
    expect(code(() => Authorize('read', 'Note')(Both))).to.equal('ERR_DECORATOR_ARGUMENT');
    class Reverse {}
    Authorize('read', 'Note')(Reverse);
    expect(code(() => Public()(Reverse))).to.equal('ERR_DECORATOR_ARGUMENT');
  });

  it('refuses to be declared twice on one method', () => {
    class Twice {
      handler(): void {}
    }
    applyDeclaration(Authorize('read', 'Note'), Twice, 'handler');
    expect(code(() => applyDeclaration(Authorize('update', 'Note'), Twice, 'handler'))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });

  it('refuses static and symbol-named methods', () => {
    expect(code(() => Authorize('read', 'Note')(class {}, 'staticMethod'))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
    expect(code(() => Authorize('read', 'Note')({}, Symbol('s')))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });
});

describe('Validate', () => {
  it('refuses a location that is not a class and an unknown location', () => {
    expect(code(() => Validate({ body: 'Dto' as never })(class {}))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
    expect(code(() => Validate({ cookies: Dto } as never)(class {}))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });

  it('refuses groups that are not strings', () => {
    expect(code(() => Validate({ body: Dto, groups: [1] as never })(class {}))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });
});

describe('RateLimit', () => {
  for (const [label, bad] of [
    ['a zero limit', { limit: 0 }],
    ['a fractional limit', { limit: 1.5 }],
    ['an unreadable window', { limit: 5, window: 'soon' }],
    ['an unknown algorithm', { limit: 5, algorithm: 'leaky' }],
    ['an unknown key', { limit: 5, key: 'cookie' }],
    ['a cost above the limit', { limit: 5, cost: 6 }],
  ] as const) {
    it(`refuses ${label}`, () => {
      expect(code(() => RateLimit(bad as never)(class {}))).to.equal('ERR_DECORATOR_ARGUMENT');
    });
  }

  it('accepts a custom key function and stacks several limits', () => {
    class Stacked {}
    RateLimit({ limit: 10, window: '1s', key: () => 'k' })(Stacked);
    expect(code(() => RateLimit({ limit: 100, window: '1h' })(Stacked))).to.equal('no error');
  });
});

describe('Audit', () => {
  it('refuses an action that is not dotted words', () => {
    expect(code(() => Audit('note update')(class {}))).to.equal('ERR_DECORATOR_ARGUMENT');
    expect(code(() => Audit('')(class {}))).to.equal('ERR_DECORATOR_ARGUMENT');
  });

  it('refuses a non-list of parameters', () => {
    expect(code(() => Audit('note.update', { params: 'id' as never })(class {}))).to.equal(
      'ERR_DECORATOR_ARGUMENT',
    );
  });
});
