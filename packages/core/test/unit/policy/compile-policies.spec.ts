import { expect } from 'chai';
import {
  Audit,
  Authorize,
  compilePolicies,
  definePermissions,
  Public,
  RateLimit,
  Validate,
  type CompileOptions,
} from '@bulwark/core';
import { BASE, route } from './fixtures';

const compile = (routes: CompileOptions['routes'], extra: Partial<CompileOptions> = {}) =>
  compilePolicies({ ...BASE, routes, ...extra });

const failure = (fn: () => unknown): { code: unknown; details: any } => {
  try {
    fn();
  } catch (error) {
    return error as { code: unknown; details: any };
  }
  throw new Error('expected a failure');
};

class CreateNote {}

describe('compilePolicies', () => {
  context('when a route declares nothing', () => {
    class Bare {
      open(): void {}
      closed(): void {}
    }
    Authorize('create', 'Note')(Bare.prototype, 'closed');

    it('refuses to start in strict mode, naming the route', () => {
      const error = failure(() => compile([route(Bare, 'open'), route(Bare, 'closed')]));
      expect(error.code).to.equal('ERR_POLICY_MISSING');
      expect(error.details.routes).to.deep.equal(['GET /open (Bare.open)']);
    });

    it('compiles a deny-all policy and warns in non-strict mode', () => {
      const warnings: unknown[] = [];
      const logger = {
        debug() {},
        info() {},
        error() {},
        warn: (_m: string, f: unknown) => warnings.push(f),
      };
      const [open] = compile([route(Bare, 'open')], { strict: false, logger });
      expect(open?.authorization?.isDenyAll).to.equal(true);
      expect(open?.isPublic).to.equal(false);
      expect(warnings).to.deep.equal([{ code: 'W_POLICY_MISSING', route: 'Bare.open' }]);
    });
  });

  context('when merging class and method declarations', () => {
    @Authorize({ subject: 'Note', action: 'read', schemes: ['apiKey'], list: true })
    @RateLimit({ limit: 100, window: '1m' })
    class Notes {
      list(): void {}
      update(): void {}
      health(): void {}
    }
    Authorize({ action: 'update', subject: 'Note', load: () => null })(Notes.prototype, 'update');
    RateLimit({ limit: 5, window: '1s', name: 'burst' })(Notes.prototype, 'update');
    Public()(Notes.prototype, 'health');

    const policies = compile([
      route(Notes, 'list'),
      route(Notes, 'update', 'PUT', '/notes/:id'),
      route(Notes, 'health'),
    ]);
    const [list, update, health] = policies;

    it('applies the class declaration to a method without its own', () => {
      expect(list?.authorization?.action).to.equal('read');
      expect(list?.schemes).to.deep.equal(['apiKey']);
    });

    it('lets a method override fields and keep the rest', () => {
      expect(update?.authorization?.action).to.equal('update');
      expect(update?.schemes).to.deep.equal(['apiKey']);
    });

    it('stacks class and method rate limits', () => {
      expect(update?.rateLimits.map((l) => [l.name, l.limit, l.windowMs, l.origin])).to.deep.equal([
        ['class-100-per-60000ms', 100, 60_000, 'class'],
        ['burst', 5, 1000, 'method'],
      ]);
    });

    it('lets a method-level @Public lift the class policy', () => {
      expect(health?.isPublic).to.equal(true);
      expect(health?.authorization).to.equal(null);
      expect(health?.schemes).to.deep.equal([]);
    });

    it('freezes every policy', () => {
      expect(Object.isFrozen(policies)).to.equal(true);
      expect(Object.isFrozen(update)).to.equal(true);
      expect(Object.isFrozen(update?.authorization)).to.equal(true);
      expect(Object.isFrozen(update?.rateLimits)).to.equal(true);
    });

    it('defaults a 403 for writes and records conditional grants per role', () => {
      expect(update?.authorization?.deniedStatus).to.equal(403);
      expect(update?.authorization?.isConditional).to.equal(true);
      expect(update?.authorization?.grants).to.include({
        'role:admin': 'allowed',
        'role:editor': 'conditional',
        'role:viewer': 'denied',
      });
    });
  });

  context('when a policy cannot be enforced', () => {
    class Broken {
      typo(): void {}
      unmentioned(): void {}
      conditional(): void {}
      unknownRole(): void {}
      unknownCheck(): void {}
      unknownScheme(): void {}
      bodyWithoutDto(): void {}
      publicByPrincipal(): void {}
    }
    Authorize('read', 'Nope')(Broken.prototype, 'typo');
    Authorize('archive', 'Note')(Broken.prototype, 'unmentioned');
    Authorize('update', 'Note')(Broken.prototype, 'conditional');
    Authorize({ roles: ['root'] })(Broken.prototype, 'unknownRole');
    Authorize({ check: 'nope' })(Broken.prototype, 'unknownCheck');
    Authorize({ action: 'read', subject: 'Note', schemes: ['cookie'] })(
      Broken.prototype,
      'unknownScheme',
    );
    Authorize('create', 'Note')(Broken.prototype, 'bodyWithoutDto');
    Public()(Broken.prototype, 'publicByPrincipal');
    RateLimit({ limit: 3, key: 'principal' })(Broken.prototype, 'publicByPrincipal');

    const error = failure(() =>
      compile([
        route(Broken, 'typo'),
        route(Broken, 'unmentioned'),
        route(Broken, 'conditional', 'PUT'),
        route(Broken, 'unknownRole'),
        route(Broken, 'unknownCheck'),
        route(Broken, 'unknownScheme'),
        route(Broken, 'bodyWithoutDto', 'POST', '/b', [{ source: 'body', type: Object }]),
        route(Broken, 'publicByPrincipal'),
      ]),
    );
    const problems: string[] = error.details.problems;
    const about = (id: string) => problems.filter((p) => p.startsWith(`Broken.${id} `)).join('\n');

    it('reports every problem together under ERR_POLICY_INVALID', () => {
      expect(error.code).to.equal('ERR_POLICY_INVALID');
      expect(problems.length).to.be.at.least(8);
    });

    it('catches an unknown subject and an unmentioned action', () => {
      expect(about('typo')).to.include('unknown subject "Nope"');
      expect(about('unmentioned')).to.include('no permission rule mentions "archive" on "Note"');
    });

    it('refuses a conditional permission without a loader or list declaration', () => {
      expect(about('conditional')).to.include('only under conditions');
    });

    it('catches unknown roles, checks and schemes', () => {
      expect(about('unknownRole')).to.include('unknown role "root"');
      expect(about('unknownCheck')).to.include('unknown custom check "nope"');
      expect(about('unknownScheme')).to.include('unknown authentication scheme "cookie"');
    });

    it('refuses a body parameter without a DTO class', () => {
      expect(about('bodyWithoutDto')).to.include('no DTO class');
    });

    it('refuses a principal-keyed limit on a public route', () => {
      expect(about('publicByPrincipal')).to.include('has no key to count');
    });
  });

  context('when choosing DTOs and audit', () => {
    class Writes {
      create(): void {}
      replace(): void {}
      read(): void {}
    }
    Authorize('create', 'Note')(Writes.prototype, 'create');
    Audit('note.create', { body: ['title'] })(Writes.prototype, 'create');
    Authorize('create', 'Note')(Writes.prototype, 'replace');
    Validate({ body: CreateNote, groups: ['create'] })(Writes.prototype, 'replace');
    Authorize('read', 'Note', { load: () => null })(Writes.prototype, 'read');

    const [create, replace, read] = compile([
      route(Writes, 'create', 'POST', '/notes', [{ source: 'body', type: CreateNote }]),
      route(Writes, 'replace', 'PUT', '/notes/:id', [{ source: 'body', type: Object }]),
      route(Writes, 'read', 'GET', '/notes/:id'),
    ]);

    it('takes the body DTO from the parameter type, or from @Validate', () => {
      expect(create?.validation.body).to.equal(CreateNote);
      expect(replace?.validation.body).to.equal(CreateNote);
      expect(replace?.validation.groups).to.deep.equal(['create']);
    });

    it('audits declared routes and mutating routes by default, not reads', () => {
      expect(create?.audit).to.include({ action: 'note.create', isImplicit: false });
      expect(replace?.audit).to.include({
        action: 'Writes.replace',
        isImplicit: true,
        subjectIdParam: 'id',
      });
      expect(read?.audit).to.equal(null);
    });

    it('leaves mutating routes unaudited when the default is off', () => {
      class Quiet {
        replace(): void {}
      }
      Authorize('create', 'Note')(Quiet.prototype, 'replace');
      const [quiet] = compile([route(Quiet, 'replace', 'PUT', '/q/:id')], {
        auditMutatingByDefault: false,
      });
      expect(quiet?.audit).to.equal(null);
    });
  });

  it('refuses a handler routed twice', () => {
    class Twice {
      one(): void {}
    }
    Authorize('create', 'Note')(Twice.prototype, 'one');
    const error = failure(() => compile([route(Twice, 'one'), route(Twice, 'one', 'POST')]));
    expect(error.details.problems[0]).to.include('routed twice');
  });
});

describe('compilePolicies with an action vocabulary', () => {
  const vocabulary = definePermissions({
    actions: ['read', 'archive'],
    subjects: { Note: {} },
    roles: { admin: ({ can }) => can('manage', 'all') },
  });
  class Admin {
    archive(): void {}
    typo(): void {}
  }
  Authorize('archive', 'Note')(Admin.prototype, 'archive');
  Authorize('archvie', 'Note')(Admin.prototype, 'typo');

  it('accepts an action of the vocabulary that only `manage` grants', () => {
    const [policy] = compilePolicies({
      ...BASE,
      permissions: vocabulary,
      routes: [route(Admin, 'archive', 'POST')],
    });
    expect(policy?.authorization?.grants['role:admin']).to.equal('allowed');
  });

  it('refuses a misspelt action even when `manage all` would cover it', () => {
    const error = failure(() =>
      compilePolicies({ ...BASE, permissions: vocabulary, routes: [route(Admin, 'typo', 'POST')] }),
    );
    expect(error.details.problems[0]).to.include('no permission rule mentions "archvie"');
  });
});
