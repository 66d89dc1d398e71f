import { expect } from 'chai';
import type { Response } from 'express';
import type { ResolvedCsrf } from '../../../src/config/resolve-hardening';
import { createCsrfCheck, createCsrfTokenHandler } from '../../../src/transport/csrf';
import { fakeRequest } from './fake-request';

const csrf: ResolvedCsrf = Object.freeze({
  secrets: ['a-csrf-secret-for-unit-tests-0123456789'],
  trustedOrigins: ['https://app.example.com'],
  cookieName: '__Host-bulwark-csrf',
  headerName: 'x-csrf-token',
  tokenPath: '/csrf-token',
  credentialCookies: ['sid'],
});

/** Issues a token for a session through the token handler. */
function issue(session: string, settings: ResolvedCsrf = csrf): { token: string; cookie: string } {
  let token = '';
  let cookie = '';
  const response = {
    cookie: (_name: string, value: string) => (cookie = value),
    set: () => undefined,
    json: (body: { token: string }) => (token = body.token),
  } as unknown as Response;
  createCsrfTokenHandler(settings)(
    fakeRequest({ cookies: { sid: session } }),
    response,
    (error) => {
      throw error;
    },
  );
  return { token, cookie };
}

function refusal(check: () => void): string | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('createCsrfCheck', () => {
  const check = createCsrfCheck(csrf, ['sid']);
  const ownHost = { host: 'api.example.com' };

  function request(headers: Record<string, string>, cookies: Record<string, string>) {
    return fakeRequest({ method: 'POST', headers: { ...ownHost, ...headers }, cookies });
  }

  it('is absent on a route that accepts no cookie credential', () => {
    expect(createCsrfCheck(csrf, [])).to.equal(null);
  });

  it('passes a request that carries no credential cookie', () => {
    expect(refusal(() => check?.(request({}, {})))).to.equal(undefined);
  });

  it('passes the own origin, a trusted origin, or same-origin fetch metadata with a valid token', () => {
    const { token, cookie } = issue('s1');
    const cookies = { sid: 's1', '__Host-bulwark-csrf': cookie };
    const accepted: Array<Record<string, string>> = [
      { origin: 'http://api.example.com' },
      { origin: 'https://app.example.com' },
      { 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of accepted) {
      expect(
        refusal(() => check?.(request({ ...headers, 'x-csrf-token': token }, cookies))),
      ).to.equal(undefined);
    }
  });

  it('refuses foreign origins, cross-site metadata and requests with neither', () => {
    const { token, cookie } = issue('s1');
    const cookies = { sid: 's1', '__Host-bulwark-csrf': cookie };
    const refused: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      {},
    ];
    for (const headers of refused) {
      expect(
        refusal(() => check?.(request({ ...headers, 'x-csrf-token': token }, cookies))),
        JSON.stringify(headers),
      ).to.equal('ERR_CSRF_FAILED');
    }
  });

  it('refuses a missing, mismatched, foreign-session or unsigned token', () => {
    const own = issue('s1');
    const other = issue('s2');
    const origin = { origin: 'http://api.example.com' };
    const attempts: Array<[Record<string, string>, Record<string, string>]> = [
      [origin, { sid: 's1', '__Host-bulwark-csrf': own.cookie }],
      [{ ...origin, 'x-csrf-token': own.token }, { sid: 's1' }],
      [
        { ...origin, 'x-csrf-token': other.token },
        { sid: 's1', '__Host-bulwark-csrf': other.cookie },
      ],
      [
        { ...origin, 'x-csrf-token': 'a.b' },
        { sid: 's1', '__Host-bulwark-csrf': 'a.b' },
      ],
    ];
    for (const [headers, cookies] of attempts) {
      expect(refusal(() => check?.(request(headers, cookies)))).to.equal('ERR_CSRF_FAILED');
    }
  });

  it('verifies tokens signed with a secret still listed for rotation', () => {
    const old = issue('s1');
    const rotated = createCsrfCheck(
      { ...csrf, secrets: ['a-new-csrf-secret-for-unit-tests-98765', ...csrf.secrets] },
      ['sid'],
    );
    const cookies = { sid: 's1', '__Host-bulwark-csrf': old.cookie };

    expect(
      refusal(() =>
        rotated?.(
          request({ origin: 'http://api.example.com', 'x-csrf-token': old.token }, cookies),
        ),
      ),
    ).to.equal(undefined);
  });
});

describe('createCsrfTokenHandler', () => {
  it('refuses to issue a token without a credential cookie', () => {
    let failure: { code?: string } | undefined;
    createCsrfTokenHandler(csrf)(fakeRequest(), {} as Response, (error) => {
      failure = error as typeof failure;
    });

    expect(failure?.code).to.equal('ERR_AUTHN_REQUIRED');
  });

  it('sets the token cookie with the strict options and answers the same token', () => {
    let options: Record<string, unknown> = {};
    let cookieValue = '';
    let answered = '';
    const headers: Record<string, string> = {};
    const response = {
      cookie: (_name: string, value: string, given: Record<string, unknown>) => {
        cookieValue = value;
        options = given;
      },
      set: (name: string, value: string) => (headers[name] = value),
      json: (body: { token: string }) => (answered = body.token),
    } as unknown as Response;

    createCsrfTokenHandler(csrf)(fakeRequest({ cookies: { sid: 's1' } }), response, () => {
      throw new Error('refused');
    });

    expect(answered)
      .to.equal(cookieValue)
      .and.match(/^[0-9a-f]+\.[0-9a-f]+$/);
    expect(options).to.include({ sameSite: 'strict', path: '/', secure: true, httpOnly: true });
    expect(headers['Cache-Control']).to.equal('no-store');
  });
});
