import { expect } from 'chai';
import type { Authenticator, CredentialRequest } from '@bulwark/auth';
import {
  createPrincipal,
  definePermissions,
  isBulwarkError,
  noopLogger,
  type AuthorizationPolicy,
  type CustomCheck,
  type InstanceLoader,
  type Principal,
  type RoutePolicy,
} from '@bulwark/core';
import type { RateLimitEnforcer } from '@bulwark/rate-limit';
import type { Request, Response } from 'express';
import { pipelineSteps, runPipeline, type PipelineRun } from '../../../src/runtime/pipeline';
import type { RequestState } from '../../../src/runtime/request-state';
import type { RoutePlan } from '../../../src/runtime/route-plan';
import type { Runtime } from '../../../src/runtime/runtime';
import { refuseUndeclaredBody } from '../../../src/validation/json-body';
import { NoteRow, routePolicy } from '../authorization/support';

/** Editors read the notes they own and update nothing; `checks` are the named custom checks. */
function permissionsWith(checks: Readonly<Record<string, CustomCheck>>) {
  return definePermissions({
    subjects: { Note: { entity: NoteRow, fields: ['id', 'title', 'ownerId'] } },
    roles: { editor: ({ can }, me) => can('read', 'Note', { ownerId: me.id }) },
    checks,
  });
}

const users: Readonly<Record<string, Principal>> = {
  ann: createPrincipal({ id: 'ann', kind: 'user', scheme: 'test', roles: ['editor'] }),
};

/** Finds `X-Test-User: <id>` among the known users; `null` without the header. */
function lookUp(request: CredentialRequest): Principal | null {
  const id = request.headers['x-test-user'];
  return typeof id === 'string' ? (users[id] ?? null) : null;
}

/** An authenticator that answers from memory, counting the requests it had to wait for. */
function memoryAuthenticator(): Authenticator & { waits: number } {
  return {
    scheme: 'test',
    challenge: 'Test realm="unit"',
    waits: 0,
    authenticate(request) {
      this.waits += 1;
      return Promise.resolve(lookUp(request));
    },
    authenticateNow: lookUp,
  };
}

/** An authenticator that can only answer asynchronously. */
function remoteAuthenticator(): Authenticator {
  return {
    scheme: 'test',
    challenge: 'Test realm="unit"',
    authenticate: (request) =>
      new Promise((resolve) => setImmediate(() => resolve(lookUp(request)))),
  };
}

/** A limiter for routes without limits: any call is a bug in the pipeline. */
const unusedLimiter: RateLimitEnforcer = {
  storeKind: 'memory',
  check: () => Promise.reject(new Error('no limit to check')),
  close: () => Promise.resolve(),
};

function runOf(
  policy: RoutePolicy,
  options: {
    authenticator?: Authenticator;
    checks?: Readonly<Record<string, CustomCheck>>;
    user?: string;
  } = {},
): PipelineRun {
  const validators = {
    checkCsrf: null,
    validateParams: null,
    validateQuery: null,
    validateHeaders: null,
    validateBody: null,
  };
  const plan: RoutePlan = {
    policy,
    authenticators: [options.authenticator ?? memoryAuthenticator()],
    challenge: 'Test realm="unit"',
    readBody: refuseUndeclaredBody,
    shapeResponse: (result) => result,
    ...validators,
    steps: pipelineSteps(policy, validators),
    answer: null,
    successStatus: null,
  };
  const runtime = {
    options: {
      permissions: permissionsWith(options.checks ?? {}),
      onAuditFailure: 'fail',
    },
    plans: new Map([[policy.id, plan]]),
    policies: [policy],
    rateLimiter: unusedLimiter,
    audit: null,
    logger: noopLogger,
    warn: () => undefined,
  } as unknown as Runtime;
  const state: RequestState = {
    requestId: 'req-unit-1',
    startedAt: 0n,
    clientAddress: '203.0.113.20',
    plan,
    principal: null,
    ability: null,
    instance: null,
    rateLimits: [],
    isAudited: false,
  };
  const headers = options.user === undefined ? {} : { 'x-test-user': options.user };
  const request = { method: 'GET', params: { id: 'n1' }, query: {}, headers, cookies: {} };
  const response = { setHeader: () => undefined, once: () => undefined };
  return {
    runtime,
    plan,
    state,
    request: request as unknown as Request,
    response: response as unknown as Response,
  };
}

function readNote(load: InstanceLoader, extra: Partial<AuthorizationPolicy> = {}): RoutePolicy {
  return routePolicy(
    { action: 'read', subject: 'Note', load, isConditional: true, ...extra },
    { method: 'GET', body: null },
  );
}

const ownNote = new NoteRow({ id: 'n1', title: 'mine', ownerId: 'ann' });
const otherNote = new NoteRow({ id: 'n1', title: 'theirs', ownerId: 'bob' });

/** Runs the pipeline and returns the code of its refusal, thrown or rejected. */
async function refusalOf(run: PipelineRun): Promise<string> {
  try {
    await runPipeline(run);
  } catch (error) {
    if (isBulwarkError(error)) return error.code;
    throw error;
  }
  throw new Error('The pipeline admitted the request.');
}

describe('runPipeline', () => {
  context('when every step can answer from memory', () => {
    it('finishes without a promise and records principal and instance', () => {
      const run = runOf(
        readNote(() => ownNote),
        { user: 'ann' },
      );

      expect(runPipeline(run)).to.equal(undefined);
      expect(run.state.principal?.id).to.equal('ann');
      expect(run.state.instance).to.equal(ownNote);
    });

    it('never waits for the authenticator', () => {
      const authenticator = memoryAuthenticator();
      runPipeline(
        runOf(
          readNote(() => ownNote),
          { user: 'ann', authenticator },
        ),
      );

      expect(authenticator.waits).to.equal(0);
    });

    it('refuses another owner’s note at once, as the route’s denied status', () => {
      const run = runOf(
        readNote(() => otherNote, { deniedStatus: 404 }),
        { user: 'ann' },
      );

      expect(() => runPipeline(run))
        .to.throw()
        .with.property('code', 'ERR_NOT_FOUND');
    });

    it('throws the error of a loader that throws, admitting nothing', () => {
      const run = runOf(
        readNote(() => {
          throw new Error('db down');
        }),
        { user: 'ann' },
      );

      expect(() => runPipeline(run)).to.throw('db down');
      expect(run.state.instance).to.equal(null);
    });

    it('refuses a request without a credential with every challenge', () => {
      const run = runOf(readNote(() => ownNote));

      expect(() => runPipeline(run))
        .to.throw()
        .that.satisfies(
          (error: { code: string; headers: Record<string, string> }) =>
            error.code === 'ERR_AUTHN_REQUIRED' &&
            error.headers['WWW-Authenticate'] === 'Test realm="unit"',
        );
    });
  });

  context('when the loader returns a promise', () => {
    const later = (note: NoteRow | null) => () =>
      new Promise<NoteRow | null>((resolve) => setImmediate(() => resolve(note)));

    it('waits for the instance and admits its owner', async () => {
      const run = runOf(readNote(later(ownNote)), { user: 'ann' });

      const pending = runPipeline(run);

      expect(pending).to.be.instanceOf(Promise);
      await pending;
      expect(run.state.instance).to.equal(ownNote);
    });

    it('refuses another owner’s note with the route’s denied status', async () => {
      expect(
        await refusalOf(runOf(readNote(later(otherNote), { deniedStatus: 403 }), { user: 'ann' })),
      ).to.equal('ERR_AUTHZ_DENIED');
      expect(
        await refusalOf(runOf(readNote(later(otherNote), { deniedStatus: 404 }), { user: 'ann' })),
      ).to.equal('ERR_NOT_FOUND');
    });

    it('refuses when the loader finds nothing', async () => {
      const run = runOf(readNote(later(null), { deniedStatus: 404 }), { user: 'ann' });

      expect(await refusalOf(run)).to.equal('ERR_NOT_FOUND');
    });

    it('passes on a failing loader instead of admitting the request', async () => {
      const run = runOf(
        readNote(() => Promise.reject(new Error('db down'))),
        { user: 'ann' },
      );

      const failure = await Promise.resolve(runPipeline(run)).then(
        () => null,
        (error: unknown) => error,
      );

      expect(failure).to.be.instanceOf(Error).with.property('message', 'db down');
    });
  });

  context('when the authenticator can only answer asynchronously', () => {
    it('waits for it, then authorizes as from memory', async () => {
      const run = runOf(
        readNote(() => ownNote),
        { user: 'ann', authenticator: remoteAuthenticator() },
      );

      const pending = runPipeline(run);

      expect(pending).to.be.instanceOf(Promise);
      await pending;
      expect(run.state.principal?.id).to.equal('ann');
      expect(run.state.instance).to.equal(ownNote);
    });

    it('still refuses another owner’s note', async () => {
      const run = runOf(
        readNote(() => otherNote, { deniedStatus: 403 }),
        {
          user: 'ann',
          authenticator: remoteAuthenticator(),
        },
      );

      expect(await refusalOf(run)).to.equal('ERR_AUTHZ_DENIED');
    });
  });

  context('when the route names a custom check', () => {
    const checked = routePolicy({ check: 'isOpen' }, { method: 'GET', body: null });
    const withCheck = (isOpen: CustomCheck) => runOf(checked, { user: 'ann', checks: { isOpen } });

    it('waits for a check that resolves true and admits', async () => {
      const pending = runPipeline(
        withCheck(() => new Promise((resolve) => setImmediate(() => resolve(true)))),
      );

      expect(pending).to.be.instanceOf(Promise);
      expect(await pending).to.equal(undefined);
    });

    it('refuses a check that resolves false', async () => {
      expect(await refusalOf(withCheck(() => Promise.resolve(false)))).to.equal('ERR_AUTHZ_DENIED');
    });

    it('refuses a check that rejects', async () => {
      expect(await refusalOf(withCheck(() => Promise.reject(new Error('down'))))).to.equal(
        'ERR_AUTHZ_DENIED',
      );
    });

    it('refuses a check that throws', async () => {
      const throwing: CustomCheck = () => {
        throw new Error('down');
      };

      expect(await refusalOf(withCheck(throwing))).to.equal('ERR_AUTHZ_DENIED');
    });
  });

  context('when the route is public', () => {
    it('runs without asking any authenticator', () => {
      const authenticator = memoryAuthenticator();
      const run = runOf(routePolicy(null, { method: 'GET', body: null }), { authenticator });
      let asked = 0;
      authenticator.authenticateNow = () => {
        asked += 1;
        return null;
      };

      expect(runPipeline(run)).to.equal(undefined);
      expect(asked + authenticator.waits).to.equal(0);
      expect(run.state.principal).to.equal(null);
    });
  });
});
