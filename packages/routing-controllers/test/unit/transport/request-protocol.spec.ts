import { expect } from 'chai';
import { isSecureRequest } from '../../../src/transport/request-protocol';
import { fakeRequest } from './fake-request';

const trustLoopback = (address: string): boolean => address === '127.0.0.1';

describe('isSecureRequest', () => {
  it('is true for a TLS connection', () => {
    expect(isSecureRequest(fakeRequest({ isTls: true }))).to.equal(true);
  });

  it('ignores X-Forwarded-Proto from an untrusted peer', () => {
    const request = fakeRequest({ headers: { 'x-forwarded-proto': 'https' } });

    expect(isSecureRequest(request)).to.equal(false);
  });

  context('when the peer is a trusted proxy', () => {
    const from = (value?: string | string[]) =>
      fakeRequest({
        peer: '127.0.0.1',
        trust: trustLoopback,
        headers: value === undefined ? {} : { 'x-forwarded-proto': value },
      });

    it('believes the last X-Forwarded-Proto value', () => {
      expect(isSecureRequest(from('https'))).to.equal(true);
      expect(isSecureRequest(from('http, HTTPS'))).to.equal(true);
      expect(isSecureRequest(from(['http', 'https']))).to.equal(true);
    });

    it('ignores a value the client wrote before the proxy appended its own', () => {
      expect(isSecureRequest(from('https, http'))).to.equal(false);
    });

    it('is false without the header', () => {
      expect(isSecureRequest(from())).to.equal(false);
    });
  });

  it('is false when the peer address is unknown', () => {
    const request = fakeRequest({ trust: () => true, headers: { 'x-forwarded-proto': 'https' } });
    (request.socket as { remoteAddress?: string }).remoteAddress = undefined;

    expect(isSecureRequest(request)).to.equal(false);
  });
});
