import { X509Certificate, createPrivateKey } from 'node:crypto';
import { expect } from 'chai';
import { createDevelopmentCertificate } from '../../../src/tls/development-certificate';

describe('createDevelopmentCertificate', () => {
  it('makes an ECDSA P-256 server certificate for the loopback names and extra hosts', async () => {
    const pair = await createDevelopmentCertificate(['dev.internal', '10.1.2.3']);
    const certificate = new X509Certificate(pair.cert);

    expect(createPrivateKey(pair.key).asymmetricKeyDetails).to.deep.include({
      namedCurve: 'prime256v1',
    });
    expect(certificate.checkPrivateKey(createPrivateKey(pair.key))).to.equal(true);
    for (const name of [
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'DNS:dev.internal',
      'IP Address:10.1.2.3',
    ]) {
      expect(certificate.subjectAltName).to.include(name);
    }
    expect(certificate.ca).to.equal(false);
  });

  it('expires within a month', async () => {
    const certificate = new X509Certificate((await createDevelopmentCertificate()).cert);
    const days = (Date.parse(certificate.validTo) - Date.now()) / 86_400_000;

    expect(days).to.be.at.most(30.1).and.at.least(29);
  });
});
