import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import {
  checkAuthentication,
  forgeTokens,
} from '../../../../src/probe/checks/authentication.check';
import { decodeJwt } from '../../../../src/probe/values/forge-jwt';
import { config, route, target } from '../engine/fixtures';
import {
  failuresIn,
  fakeApi,
  sessionFor,
  statusIn,
  type FakeAnswer,
  type FakeApi,
  type FakeRequest,
} from './fake-api';

const SECRET = 'probe-unit-secret-0123456789abcdefghijkl';
const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (input: string): string =>
  createHmac('sha256', SECRET).update(input).digest('base64url');
const now = Math.floor(Date.now() / 1000);
const header = encode({ alg: 'HS256', typ: 'JWT' });
const claims = encode({ sub: 'erin', roles: ['editor'], iss: 'urn:test', exp: now + 600 });
const ERIN = `${header}.${claims}.${sign(`${header}.${claims}`)}`;

/** How the fake app verifies: correctly, or with one of the classic mistakes. */
interface Verifier {
  readonly allowsNone?: boolean;
  readonly ignoresExpiry?: boolean;
  readonly omitsChallenge?: boolean;
  readonly keepsRevokedKeys?: boolean;
}

function answer(verifier: Verifier) {
  return (request: FakeRequest): FakeAnswer => {
    const refuse = {
      status: 401,
      body: { code: 'ERR_AUTHN_INVALID' },
      headers: (verifier.omitsChallenge === true ? {} : { 'www-authenticate': 'Bearer' }) as Record<
        string,
        string
      >,
    };
    const key = request.headers['x-api-key'];
    if (key === 'k-live' || (key === 'k-old' && verifier.keepsRevokedKeys === true))
      return { status: 200, body: { items: [] } };
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const decoded = bearer === undefined ? null : decodeJwt(bearer);
    if (bearer === undefined || decoded === null) return refuse;
    const [h, p, s] = bearer.split('.') as [string, string, string];
    const alg = String(decoded.header['alg']).toLowerCase();
    const isSigned =
      alg === 'none' ? verifier.allowsNone === true : alg === 'hs256' && sign(`${h}.${p}`) === s;
    const isLive =
      verifier.ignoresExpiry === true || Number(decoded.payload['exp']) > Date.now() / 1000;
    return isSigned && isLive ? { status: 200, body: { items: [] } } : refuse;
  };
}

describe('checkAuthentication', () => {
  const notes = route({
    id: 'NotesController.list',
    method: 'GET',
    path: '/notes',
    parameters: [],
    isMutating: false,
  });
  const settings = config({
    principals: [
      { name: 'erin', credential: { kind: 'bearer', token: ERIN }, roles: ['editor'], scopes: [] },
      {
        name: 'key',
        credential: { kind: 'api-key', key: 'k-live' },
        roles: ['viewer'],
        scopes: [],
      },
    ],
    revokedApiKeys: ['k-old'],
    hmacSecret: SECRET,
  });
  let api: FakeApi | undefined;

  afterEach(() => api?.close());

  async function run(verifier: Verifier) {
    api = await fakeApi(answer(verifier));
    const session = await sessionFor(api.url, target([notes]), settings);
    const forged = forgeTokens([decodeJwt(ERIN)!], [], settings);
    await checkAuthentication(session, notes, forged);
    return session;
  }

  it('passes every check against a verifier that refuses each forgery with a challenge', async () => {
    const session = await run({});

    for (const check of [
      'authn.no-credentials',
      'authn.alg-none',
      'authn.wrong-key',
      'authn.tampered-claims',
      'authn.expired',
      'authn.revoked-api-key',
    ]) {
      expect(statusIn(session, check), check).to.equal('pass');
    }
    expect(statusIn(session, 'authn.hs-rs-confusion')).to.equal('skip');
  });

  it('fails alg-none against a verifier that accepts unsigned tokens', async () => {
    const session = await run({ allowsNone: true });

    expect(statusIn(session, 'authn.alg-none')).to.equal('fail');
    expect(failuresIn(session, 'authn.alg-none')[0]).to.match(
      /no signature: expected 401 .*got 200/,
    );
    expect(statusIn(session, 'authn.wrong-key')).to.equal('pass');
  });

  it('fails expired against a verifier that skips the expiry', async () => {
    const session = await run({ ignoresExpiry: true });

    expect(statusIn(session, 'authn.expired')).to.equal('fail');
    expect(statusIn(session, 'authn.alg-none')).to.equal('pass');
  });

  it('fails a refusal that carries no WWW-Authenticate challenge', async () => {
    const session = await run({ omitsChallenge: true });

    expect(failuresIn(session, 'authn.no-credentials')).to.deep.equal([
      'no credential: 401 without a WWW-Authenticate challenge',
    ]);
  });

  it('fails revoked-api-key when a revoked key still works', async () => {
    const session = await run({ keepsRevokedKeys: true });

    expect(statusIn(session, 'authn.revoked-api-key')).to.equal('fail');
  });

  it('fails unaccepted-scheme when a route takes a credential of a scheme it does not list', async () => {
    api = await fakeApi(() => ({ status: 200, body: {} }));
    const bearerOnly = { ...notes, schemes: ['bearer'] };
    const session = await sessionFor(api.url, target([bearerOnly]), settings);

    await checkAuthentication(session, bearerOnly, []);

    expect(statusIn(session, 'authn.unaccepted-scheme')).to.equal('fail');
    expect(failuresIn(session, 'authn.unaccepted-scheme')[0]).to.include("key's credential");
  });
});
