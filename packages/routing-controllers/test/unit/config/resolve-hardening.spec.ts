import { expect } from 'chai';
import type { BulwarkOptions } from '@bulwark/routing-controllers';
import { resolveHardening } from '../../../src/config/resolve-hardening';

const bearer = { scheme: 'bearer', challenge: 'Bearer', authenticate: async () => null };
const session = { ...bearer, scheme: 'session', credentialCookie: 'sid' };
const SECRET = 's'.repeat(32);

function resolve(options: Partial<BulwarkOptions>) {
  const problems: string[] = [];
  const resolved = resolveHardening(
    { authenticators: [bearer], ...options } as BulwarkOptions,
    problems,
  );
  return { resolved, problems };
}

describe('resolveHardening', () => {
  const env = process.env.NODE_ENV;

  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  context('when nothing is given', () => {
    it('fills every default outside production', () => {
      process.env.NODE_ENV = 'test';

      const { resolved, problems } = resolve({});

      expect(problems).to.deep.equal([]);
      expect(resolved).to.deep.equal({
        isProduction: false,
        https: {
          plainHttp: 'allow',
          redirectOrigin: null,
          hsts: { maxAge: 31_536_000, includeSubDomains: true, preload: false },
        },
        csrf: null,
        query: { undeclared: 'refuse', maxParameters: 50 },
      });
    });

    it('refuses plain HTTP when NODE_ENV is production', () => {
      process.env.NODE_ENV = 'production';

      const { resolved } = resolve({});

      expect(resolved.isProduction).to.equal(true);
      expect(resolved.https.plainHttp).to.equal('refuse');
    });
  });

  describe('#isProduction', () => {
    it('takes the explicit switch over NODE_ENV', () => {
      process.env.NODE_ENV = 'production';

      expect(resolve({ isProduction: false }).resolved.isProduction).to.equal(false);
    });

    it('refuses a value that is not a boolean', () => {
      expect(resolve({ isProduction: 'yes' as unknown as boolean }).problems).to.deep.equal([
        '"isProduction" must be a boolean.',
      ]);
    });

    it('refuses stack traces in production and allows them elsewhere', () => {
      expect(resolve({ isProduction: true, exposeStackTraces: true }).problems).to.deep.equal([
        '"exposeStackTraces" cannot be true in production.',
      ]);
      expect(resolve({ isProduction: false, exposeStackTraces: true }).problems).to.deep.equal([]);
    });
  });

  describe('#https', () => {
    it('accepts a redirect to an HTTPS origin', () => {
      const { resolved, problems } = resolve({
        https: { plainHttp: 'redirect', redirectOrigin: 'https://api.example.com' },
      });

      expect(problems).to.deep.equal([]);
      expect(resolved.https).to.include({
        plainHttp: 'redirect',
        redirectOrigin: 'https://api.example.com',
      });
    });

    it('refuses a redirect without an origin, or to a plain or malformed one', () => {
      expect(resolve({ https: { plainHttp: 'redirect' } }).problems).to.deep.equal([
        '"https.plainHttp: redirect" needs "https.redirectOrigin".',
      ]);
      for (const redirectOrigin of ['http://api.example.com', 'https://api.example.com/path']) {
        expect(resolve({ https: { redirectOrigin } }).problems).to.deep.equal([
          '"https.redirectOrigin" must look like "https://api.example.com".',
        ]);
      }
    });

    it('refuses an unknown plain-HTTP mode', () => {
      const plainHttp = 'maybe' as 'allow';

      expect(resolve({ https: { plainHttp } }).problems).to.deep.equal([
        '"https.plainHttp" must be "refuse", "redirect" or "allow".',
      ]);
    });

    it('drops HSTS when asked and takes custom HSTS values', () => {
      expect(resolve({ https: { hsts: false } }).resolved.https.hsts).to.equal(null);
      expect(
        resolve({ https: { hsts: { maxAge: 60, includeSubDomains: false, preload: true } } })
          .resolved.https.hsts,
      ).to.deep.equal({ maxAge: 60, includeSubDomains: false, preload: true });
    });

    it('refuses a negative or fractional HSTS max-age', () => {
      for (const maxAge of [-1, 1.5]) {
        expect(resolve({ https: { hsts: { maxAge } } }).problems).to.deep.equal([
          '"https.hsts.maxAge" must be a whole number of seconds.',
        ]);
      }
    });
  });

  describe('#csrf', () => {
    it('requires CSRF when an authenticator reads a cookie', () => {
      expect(resolve({ authenticators: [bearer, session] }).problems).to.deep.equal([
        '"csrf" is required: the "session" scheme reads its credential from a cookie, so state-changing requests need CSRF protection.',
      ]);
    });

    it('fills the CSRF defaults and lists the credential cookies', () => {
      const { resolved, problems } = resolve({
        authenticators: [bearer, session],
        csrf: { secret: SECRET },
      });

      expect(problems).to.deep.equal([]);
      expect(resolved.csrf).to.deep.equal({
        secrets: [SECRET],
        trustedOrigins: [],
        cookieName: '__Host-bulwark-csrf',
        headerName: 'x-csrf-token',
        tokenPath: '/csrf-token',
        credentialCookies: ['sid'],
      });
    });

    it('trusts the CORS origins only when CORS allows credentials', () => {
      const origins = ['https://app.example.com'];
      const withCredentials = resolve({
        csrf: { secret: SECRET },
        cors: { origins, credentials: true },
      });
      const without = resolve({ csrf: { secret: SECRET }, cors: { origins } });

      expect(withCredentials.resolved.csrf?.trustedOrigins).to.deep.equal(origins);
      expect(without.resolved.csrf?.trustedOrigins).to.deep.equal([]);
    });

    it('takes explicit names, paths, origins and rotated secrets, lower-casing the header', () => {
      const { resolved, problems } = resolve({
        csrf: {
          secret: [SECRET, 't'.repeat(40)],
          trustedOrigins: ['https://admin.example.com'],
          cookieName: 'csrf',
          headerName: 'X-XSRF-Token',
          tokenPath: '/auth/csrf',
        },
      });

      expect(problems).to.deep.equal([]);
      expect(resolved.csrf).to.include({
        cookieName: 'csrf',
        headerName: 'x-xsrf-token',
        tokenPath: '/auth/csrf',
      });
      expect(resolved.csrf?.secrets).to.have.length(2);
    });

    it('reports every malformed CSRF setting', () => {
      const { problems } = resolve({
        csrf: {
          secret: ['short'],
          trustedOrigins: ['app.example.com'],
          cookieName: 'bad name;',
          headerName: 'bad header',
          tokenPath: 'csrf',
        },
      });

      expect(problems).to.deep.equal([
        '"csrf.secret" must hold at least 32 characters.',
        '"csrf.trustedOrigins" must list origins such as "https://app.example.com".',
        '"csrf.cookieName" is not a cookie name.',
        '"csrf.headerName" is not a header name.',
        '"csrf.tokenPath" must look like "/csrf-token".',
      ]);
    });

    it('refuses an empty or missing secret', () => {
      for (const csrf of [{ secret: [] }, {}]) {
        expect(resolve({ csrf: csrf as { secret: string[] } }).problems).to.deep.equal([
          '"csrf.secret" must hold at least 32 characters.',
        ]);
      }
    });

    it('reads no cookies from authenticators when the list is malformed', () => {
      const { problems } = resolve({
        authenticators: 'none' as unknown as [],
        csrf: { secret: SECRET },
      });

      expect(problems).to.deep.equal([]);
    });
  });

  describe('#query', () => {
    it('takes ignore and a parameter limit', () => {
      expect(
        resolve({ query: { undeclared: 'ignore', maxParameters: 5 } }).resolved.query,
      ).to.deep.equal({ undeclared: 'ignore', maxParameters: 5 });
    });

    it('refuses unknown modes and limits below one', () => {
      const undeclared = 'drop' as 'ignore';

      expect(resolve({ query: { undeclared, maxParameters: 0 } }).problems).to.deep.equal([
        '"query.undeclared" must be "refuse" or "ignore".',
        '"query.maxParameters" must be a positive integer.',
      ]);
    });
  });

  describe('#body.maxBytes', () => {
    it('accepts byte counts and unit strings', () => {
      for (const maxBytes of [1024, '100kb', '1.5mb', '512 b']) {
        expect(resolve({ body: { maxBytes } }).problems, String(maxBytes)).to.deep.equal([]);
      }
    });

    it('refuses anything else', () => {
      for (const maxBytes of [0, -5, 1.5, 'lots', '10gb']) {
        expect(resolve({ body: { maxBytes } }).problems, String(maxBytes)).to.deep.equal([
          '"body.maxBytes" must be a positive byte count or look like "100kb".',
        ]);
      }
    });
  });

  describe('#trustedProxies', () => {
    it('accepts names, addresses, prefixes and IPv4 netmasks', () => {
      const trustedProxies = [
        'loopback',
        'uniquelocal',
        '10.0.0.1',
        '10.0.0.0/8',
        '10.0.0.0/255.0.0.0',
        '::1',
        'fd00::/8',
      ];

      expect(resolve({ trustedProxies }).problems).to.deep.equal([]);
    });

    it('refuses malformed entries', () => {
      for (const entry of [
        '*',
        'localhost',
        '10.0.0.0/33',
        '::/129',
        '10.0.0.0/8/8',
        '10.0.0.0/x',
      ]) {
        expect(resolve({ trustedProxies: [entry] }).problems, entry).to.have.length(1);
      }
      expect(
        resolve({ trustedProxies: 'loopback' as unknown as string[] }).problems,
      ).to.have.length(1);
    });
  });
});
