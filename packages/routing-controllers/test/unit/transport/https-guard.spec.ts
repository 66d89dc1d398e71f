import { expect } from 'chai';
import type { NextFunction, Response } from 'express';
import type { ResolvedHttps } from '../../../src/config/resolve-hardening';
import { createHttpsGuard } from '../../../src/transport/https-guard';
import { fakeRequest } from './fake-request';

interface Outcome {
  passed: boolean;
  error?: { code: string };
  redirect?: { status: number; location: string };
  headers: Record<string, string>;
}

function run(https: ResolvedHttps, init: Parameters<typeof fakeRequest>[0]): Outcome {
  const guard = createHttpsGuard(https);
  if (guard === null) throw new Error('no guard');
  const outcome: Outcome = { passed: false, headers: {} };
  const response = {
    set: (name: string, value: string) => (outcome.headers[name] = value),
    redirect: (status: number, location: string) => (outcome.redirect = { status, location }),
  } as unknown as Response;
  const next: NextFunction = (error?: unknown) => {
    if (error === undefined) outcome.passed = true;
    else outcome.error = error as { code: string };
  };
  guard(fakeRequest(init), response, next);
  return outcome;
}

const refuse: ResolvedHttps = { plainHttp: 'refuse', redirectOrigin: null, hsts: null };
const redirect: ResolvedHttps = {
  plainHttp: 'redirect',
  redirectOrigin: 'https://api.example.com',
  hsts: null,
};

describe('createHttpsGuard', () => {
  it('installs nothing when plain HTTP is allowed', () => {
    expect(createHttpsGuard({ ...refuse, plainHttp: 'allow' })).to.equal(null);
  });

  it('lets HTTPS requests through', () => {
    expect(run(refuse, { isTls: true }).passed).to.equal(true);
    expect(run(redirect, { isTls: true }).passed).to.equal(true);
  });

  it('refuses plain HTTP with ERR_HTTPS_REQUIRED', () => {
    expect(run(refuse, {}).error?.code).to.equal('ERR_HTTPS_REQUIRED');
  });

  context('when redirecting', () => {
    it('sends GET and HEAD to the configured origin with 308', () => {
      for (const method of ['GET', 'HEAD']) {
        const outcome = run(redirect, { method, url: '/notes?x=1' });

        expect(outcome.redirect).to.deep.equal({
          status: 308,
          location: 'https://api.example.com/notes?x=1',
        });
        expect(outcome.headers['Cache-Control']).to.equal('no-store');
      }
    });

    it('redirects an absolute-form or scheme-relative target to the root', () => {
      for (const url of ['http://evil.example/x', '//evil.example/x', '*']) {
        expect(run(redirect, { url }).redirect?.location, url).to.equal('https://api.example.com/');
      }
    });

    it('refuses other methods instead of redirecting them', () => {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
        const outcome = run(redirect, { method });

        expect(outcome.error?.code, method).to.equal('ERR_HTTPS_REQUIRED');
        expect(outcome.redirect).to.equal(undefined);
      }
    });
  });
});
