import { expect } from 'chai';
import type { Request, Response } from 'express';
import { refuseUndeclaredBody } from '../../../src/validation/json-body';

function request(headers: Partial<Record<string, string>>): Request {
  return { headers, body: { leftover: true } } as unknown as Request;
}

describe('refuseUndeclaredBody', () => {
  it('resolves for a request without a body and clears request.body', async () => {
    const empty: Array<Record<string, string>> = [{}, { 'content-length': '0' }];
    for (const headers of empty) {
      const incoming = request(headers);

      await refuseUndeclaredBody(incoming, {} as Response);

      expect(incoming.body).to.equal(undefined);
    }
  });

  it('refuses a body with 415, by length or by chunked encoding', async () => {
    for (const headers of [{ 'content-length': '2' }, { 'transfer-encoding': 'chunked' }]) {
      try {
        await refuseUndeclaredBody(request(headers), {} as Response);
        expect.fail('accepted');
      } catch (error) {
        expect((error as { code: string }).code).to.equal('ERR_UNSUPPORTED_MEDIA_TYPE');
      }
    }
  });
});
