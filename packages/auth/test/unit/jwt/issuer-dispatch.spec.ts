import { expect } from 'chai';
import { combineJwtAuthenticators, createJwtAuthenticator, createTokenSigner } from '@bulwark/auth';
import { SignJWT } from 'jose';
import {
  AUDIENCE,
  bearer,
  ecKeys,
  NOW,
  rejection,
  requestWith,
  SECRET,
  thrown,
} from '../../support/fixtures';

const clock = (): number => NOW;

describe('combineJwtAuthenticators', () => {
  const { privateKey, publicKey } = ecKeys();
  const login = createJwtAuthenticator({
    issuer: 'urn:app',
    audience: AUDIENCE,
    key: { secret: SECRET },
    clock,
  });
  const clients = createJwtAuthenticator({
    issuer: 'https://as.test',
    audience: AUDIENCE,
    key: { publicKey },
    clock,
  });
  const combined = combineJwtAuthenticators([login, clients]);
  const hsSigner = createTokenSigner({
    issuer: 'urn:app',
    audience: AUDIENCE,
    key: { secret: SECRET },
    clock,
  });
  const esSigner = createTokenSigner({
    issuer: 'https://as.test',
    audience: AUDIENCE,
    key: { privateKey },
    clock,
  });

  describe('#authenticate', () => {
    it('verifies each token with the authenticator of its issuer', async () => {
      expect(
        (await combined.authenticate(bearer(await hsSigner.sign({ sub: 'alice' }))))?.id,
      ).to.equal('alice');
      expect(
        (await combined.authenticate(bearer(await esSigner.sign({ sub: 'svc' }))))?.id,
      ).to.equal('svc');
      expect(combined.issuers).to.deep.equal(['urn:app', 'https://as.test']);
    });

    it('refuses a token claiming one issuer but signed for another (forged iss)', async () => {
      const forged = await new SignJWT({ sub: 'mallory' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('https://as.test')
        .setAudience(AUDIENCE)
        .setExpirationTime(Math.floor(NOW / 1000) + 60)
        .sign(new Uint8Array(Buffer.from(SECRET)));
      const error = await rejection(combined.authenticate(bearer(forged)));
      expect(error.code).to.equal('ERR_AUTHN_INVALID');
      expect(error.reason).to.equal('jwt.alg-not-allowed');
    });

    it('refuses an unknown issuer', async () => {
      const stranger = createTokenSigner({
        issuer: 'https://evil.test',
        audience: AUDIENCE,
        key: { secret: SECRET },
        clock,
      });
      const error = await rejection(
        combined.authenticate(bearer(await stranger.sign({ sub: 'm' }))),
      );
      expect(error.reason).to.equal('jwt.claim-iss');
      expect(error.headers['WWW-Authenticate']).to.equal('Bearer error="invalid_token"');
    });

    it('lets the first authenticator refuse malformed tokens and tokens without iss', async () => {
      expect((await rejection(combined.authenticate(bearer('garbage')))).reason).to.equal(
        'jwt.malformed',
      );
      const noIssuer = await new SignJWT({ sub: 'a' })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(AUDIENCE)
        .setExpirationTime(Math.floor(NOW / 1000) + 60)
        .sign(new Uint8Array(Buffer.from(SECRET)));
      expect((await rejection(combined.authenticate(bearer(noIssuer)))).reason).to.equal(
        'jwt.claim-iss',
      );
    });

    it('resolves null without a bearer token', async () => {
      expect(await combined.authenticate(requestWith())).to.equal(null);
      expect(await combined.authenticate(requestWith({ authorization: 'ApiKey x' }))).to.equal(
        null,
      );
    });

    it('records its own scheme name on the principal', async () => {
      const named = combineJwtAuthenticators([login], { scheme: 'jwt', realm: 'api' });
      expect(named.challenge).to.equal('Bearer realm="api"');
      expect(
        (await named.authenticate(bearer(await hsSigner.sign({ sub: 'a' }))))?.scheme,
      ).to.equal('jwt');
    });
  });

  describe('options', () => {
    it('refuses an empty list and overlapping issuers', () => {
      expect(thrown(() => combineJwtAuthenticators([])).code).to.equal('ERR_CONFIG_INVALID');
      expect(thrown(() => combineJwtAuthenticators([login, login])).code).to.equal(
        'ERR_CONFIG_INVALID',
      );
    });
  });
});
