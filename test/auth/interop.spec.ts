import { expect } from 'chai';
import { createPublicKey, generateKeyPairSync, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createJwtAuthenticator,
  createSigningKeyRing,
  createTokenEndpoint,
  MemoryOAuthClientStore,
  registerOAuthClient,
  type IssuerAlgorithm,
  type TokenEndpoint,
} from '@bulwark/auth';
import jsonwebtoken from 'jsonwebtoken';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** Listens on an ephemeral loopback port; the handler is attached once the URL is known. */
async function listen(): Promise<{ server: Server; url: string; use(handler: Handler): void }> {
  let handler: Handler = (_request, response) => response.writeHead(503).end();
  const server = createServer((request, response) => handler(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, url, use: (next) => void (handler = next) };
}

const close = (server: Server) => new Promise((resolve) => server.close(resolve));
const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const credentials = (token: string) => ({
  headers: { authorization: `Bearer ${token}` },
  cookies: {},
  query: {},
  clientAddress: '127.0.0.1',
});

describe('Interoperability', () => {
  context('with oidc-provider as the authorization server', () => {
    const CLIENT_SECRET = 'an-interop-client-secret-long-enough-for-oidc-provider';
    let server: Server;
    let issuer: string;

    before(async () => {
      const { default: Provider } = await import('oidc-provider');
      const listening = await listen();
      server = listening.server;
      issuer = listening.url;
      const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
        format: 'jwk',
      });
      const provider = new Provider(issuer, {
        clients: [
          {
            client_id: 'reporting',
            client_secret: CLIENT_SECRET,
            grant_types: ['client_credentials'],
            redirect_uris: [],
            response_types: [],
            id_token_signed_response_alg: 'ES256',
          },
        ],
        jwks: { keys: [{ ...signingKey, kid: 'interop-1', use: 'sig', alg: 'ES256' }] },
        cookies: { keys: ['interop-cookie-signing-key'] },
        features: {
          devInteractions: { enabled: false },
          clientCredentials: { enabled: true },
          resourceIndicators: {
            enabled: true,
            defaultResource: () => 'urn:bulwark:notes-api',
            useGrantedResource: () => true,
            getResourceServerInfo: () => ({
              scope: 'notes:read notes:write',
              audience: 'notes-api',
              accessTokenFormat: 'jwt',
              accessTokenTTL: 600,
              jwt: { sign: { alg: 'ES256' } },
            }),
          },
        },
      });
      listening.use(provider.callback());
    });

    after(async () => {
      await close(server);
    });

    async function tokenFromProvider(scope: string): Promise<string> {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basic('reporting', CLIENT_SECRET),
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', scope }).toString(),
      });
      expect(response.status).to.equal(200);
      return ((await response.json()) as { access_token: string }).access_token;
    }

    it('issues client-credentials tokens that Bulwark accepts through its JWKS', async () => {
      const bearer = createJwtAuthenticator({
        issuer,
        audience: 'notes-api',
        key: { jwksUrl: `${issuer}/jwks` },
        requireType: 'at+jwt',
      });
      const principal = await bearer.authenticate(
        credentials(await tokenFromProvider('notes:read')),
      );
      expect(principal).to.deep.include({ id: 'reporting', kind: 'client', scheme: 'bearer' });
      expect(principal?.scopes).to.deep.equal(['notes:read']);
    });

    it('has its tokens refused for another audience', async () => {
      const bearer = createJwtAuthenticator({
        issuer,
        audience: 'billing-api',
        key: { jwksUrl: `${issuer}/jwks` },
      });
      const error = await bearer
        .authenticate(credentials(await tokenFromProvider('notes:read')))
        .catch((e: { code: string; reason: string }) => e);
      expect(error).to.deep.include({ code: 'ERR_AUTHN_INVALID', reason: 'jwt.claim-aud' });
    });
  });

  context('with Bulwark as the authorization server', () => {
    for (const algorithm of ['ES256', 'EdDSA'] as const satisfies readonly IssuerAlgorithm[]) {
      context(`when signing with ${algorithm}`, () => {
        let endpoint: TokenEndpoint;
        let secret: string;
        const issuer = 'https://auth.notes.test';

        before(async () => {
          const clients = new MemoryOAuthClientStore();
          ({ clientSecret: secret } = await registerOAuthClient(clients, {
            id: 'reporting',
            name: 'Reporting',
            allowedScopes: ['notes:read'],
            hashParams: { N: 1024, r: 8, p: 1 },
          }));
          endpoint = createTokenEndpoint({
            issuer,
            audience: 'notes-api',
            clients,
            keys: createSigningKeyRing({ algorithm }),
            hashParams: { N: 1024, r: 8, p: 1 },
            throttle: {
              check: () => Promise.resolve({ allowed: true, retryAfterSeconds: 0 }),
              recordFailure: () => Promise.resolve(),
              recordSuccess: () => Promise.resolve(),
            },
          });
        });

        async function issue(): Promise<string> {
          const answer = await endpoint.handle({
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              authorization: basic('reporting', secret),
            },
            body: 'grant_type=client_credentials',
            clientAddress: '127.0.0.1',
          });
          return answer.body['access_token'] as string;
        }

        function publicKeyOf(token: string) {
          const kid = (
            JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString()) as {
              kid: string;
            }
          ).kid;
          const jwk = endpoint.jwks().keys.find((k) => k.kid === kid);
          return createPublicKey({ key: jwk!, format: 'jwk' });
        }

        it('issues tokens whose signature verifies with node:crypto alone', async () => {
          const token = await issue();
          const [header, payload, signature] = token.split('.') as [string, string, string];
          const isValid = verifySignature(
            algorithm === 'ES256' ? 'sha256' : null,
            Buffer.from(`${header}.${payload}`),
            { key: publicKeyOf(token), dsaEncoding: 'ieee-p1363' },
            Buffer.from(signature, 'base64url'),
          );
          expect(isValid).to.equal(true);
        });

        if (algorithm === 'ES256') {
          it('issues tokens that jsonwebtoken verifies, claims included', async () => {
            const token = await issue();
            const pem = publicKeyOf(token).export({ type: 'spki', format: 'pem' }).toString();
            const verified = jsonwebtoken.verify(token, pem, {
              algorithms: ['ES256'],
              issuer,
              audience: 'notes-api',
              complete: true,
            });
            expect(verified.header).to.include({ alg: 'ES256', typ: 'at+jwt' });
            expect(verified.payload).to.include({
              sub: 'reporting',
              client_id: 'reporting',
              scope: 'notes:read',
            });
          });

          it('issues tokens that jsonwebtoken refuses once tampered with', async () => {
            const token = await issue();
            const [header, payload, signature] = token.split('.') as [string, string, string];
            const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
              string,
              unknown
            >;
            const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, scope: 'admin' })).toString('base64url')}.${signature}`;
            const pem = publicKeyOf(token).export({ type: 'spki', format: 'pem' }).toString();
            expect(() => jsonwebtoken.verify(forged, pem, { algorithms: ['ES256'] })).to.throw(
              'invalid signature',
            );
          });
        }
      });
    }
  });
});
