import { expect } from 'chai';
import { createHmac, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { decodeJwt as joseDecode, exportJWK, jwtVerify, SignJWT } from 'jose';
import {
  confusedTokens,
  decodeJwt,
  expiredToken,
  tamperedToken,
  unsignedTokens,
  wrongKeyToken,
} from '../../../../src/probe/values/forge-jwt';

const SECRET = 'probe-test-secret-0123456789abcdef0123';
const now = Math.floor(Date.now() / 1000);

async function hsToken(): Promise<string> {
  return new SignJWT({ sub: 'erin', roles: ['editor'] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer('urn:test')
    .setAudience('api')
    .setExpirationTime(now + 600)
    .sign(new TextEncoder().encode(SECRET));
}

describe('forge-jwt', () => {
  describe('decodeJwt', () => {
    it('splits a token into its decoded header and claims', async () => {
      const decoded = decodeJwt(await hsToken());

      expect(decoded?.header).to.deep.equal({ alg: 'HS256', typ: 'JWT' });
      expect(decoded?.payload).to.include({ sub: 'erin', iss: 'urn:test' });
    });

    it('gives null for what is not a compact JWS with JSON parts', () => {
      expect(decodeJwt('a.b')).to.equal(null);
      expect(decodeJwt('%%%.x.y')).to.equal(null);
      expect(decodeJwt(`${Buffer.from('[]').toString('base64url')}.e30.x`)).to.equal(null);
    });
  });

  context('with a real HS256 token as template', () => {
    let template: NonNullable<ReturnType<typeof decodeJwt>>;
    const key = new TextEncoder().encode(SECRET);

    before(async () => {
      template = decodeJwt(await hsToken())!;
    });

    it('makes unsigned alg:none tokens carrying the same claims', () => {
      const tokens = unsignedTokens(template);

      expect(tokens.map((t) => decodeJwt(t.token)?.header['alg'])).to.deep.equal(['none', 'None']);
      for (const { token } of tokens) {
        expect(token.endsWith('.')).to.equal(true);
        expect(joseDecode(token)).to.deep.equal(template.payload);
      }
    });

    it('signs with a foreign secret that the real key does not verify', async () => {
      const { token } = wrongKeyToken(template);

      await jwtVerify(token, key).then(
        () => expect.fail('verified'),
        (error: { code?: string }) =>
          expect(error.code).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED'),
      );
    });

    it('changes the claims under the original signature', async () => {
      const { token } = tamperedToken(template);

      expect(joseDecode(token)['roles']).to.deep.equal(['admin']);
      expect(token.split('.')[2]).to.equal(template.signature);
      await jwtVerify(token, key).then(
        () => expect.fail('verified'),
        (error: { code?: string }) =>
          expect(error.code).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED'),
      );
    });

    it('re-signs the claims with the real secret, expired an hour ago', async () => {
      const { token } = expiredToken(template, SECRET, now)!;

      await jwtVerify(token, key).then(
        () => expect.fail('verified'),
        (error: { code?: string }) => expect(error.code).to.equal('ERR_JWT_EXPIRED'),
      );
      await jwtVerify(token, key, { currentDate: new Date((now - 3700) * 1000) });
    });
  });

  context('with a public-key template', () => {
    for (const [alg, pair] of [
      ['RS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
      ['ES256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
      ['PS256', () => generateKeyPairSync('rsa', { modulusLength: 2048 })],
      ['EdDSA', () => generateKeyPairSync('ed25519')],
    ] as const) {
      it(`signs ${alg} claims with a fresh key of the same family that the real key refuses`, async () => {
        const real = pair();
        const token = await new SignJWT({ sub: 'svc' })
          .setProtectedHeader({ alg })
          .sign(real.privateKey);

        const forged = wrongKeyToken(decodeJwt(token)!);

        expect(decodeJwt(forged.token)?.header['alg']).to.equal(alg);
        await jwtVerify(forged.token, real.publicKey).then(
          () => expect.fail('verified'),
          (error: { code?: string }) =>
            expect(error.code).to.equal('ERR_JWS_SIGNATURE_VERIFICATION_FAILED'),
        );
      });
    }

    it('builds HS256 tokens keyed with the public key PEM, as a confused verifier would check them', async () => {
      const real = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const jwk = { ...(await exportJWK(real.publicKey)), kid: 'k1' };
      const token = await new SignJWT({ sub: 'svc' })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .sign(real.privateKey);

      const forged = confusedTokens(decodeJwt(token)!, jwk);

      const pem = createPublicKey({ key: jwk, format: 'jwk' })
        .export({ type: 'spki', format: 'pem' })
        .toString();
      expect(forged).to.have.length(2);
      for (const [index, secret] of [pem, pem.trimEnd()].entries()) {
        const [header, payload, signature] = forged[index]!.token.split('.');
        expect(decodeJwt(forged[index]!.token)?.header).to.include({ alg: 'HS256', kid: 'k1' });
        expect(
          createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url'),
        ).to.equal(signature);
      }
    });

    it('gives no confusion token for a key it cannot read', () => {
      const template = decodeJwt(`${Buffer.from('{"alg":"RS256"}').toString('base64url')}.e30.x`)!;

      expect(confusedTokens(template, { kty: 'RSA', n: 'bad' })).to.deep.equal([]);
      expect(expiredToken(template, SECRET, now)).to.equal(null);
    });
  });
});
