import { expect } from 'chai';
import { expectRefused, fieldErrors } from './support/expectations';
import { startHardeningApp, useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

describe('error answers (end to end)', () => {
  const suite = useHardeningApp();

  context('when a handler fails', () => {
    it('says only "internal error" and the request id', async () => {
      const res = await send(`${suite.app.url}/boom`, { token: suite.token });

      expect(res.status).to.equal(500);
      expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
      expect(res.headers['cache-control']).to.equal('no-store');
      const requestId = res.headers['x-request-id'];
      expect(res.body).to.deep.equal({
        type: 'urn:bulwark:error:ERR_INTERNAL',
        title: 'Internal error',
        status: 500,
        detail: `Internal error. Request id: ${requestId}.`,
        code: 'ERR_INTERNAL',
        requestId,
      });
    });

    it('logs the detail under the request id, with the credential masked', async () => {
      const res = await send(`${suite.app.url}/boom`, { token: suite.token });

      const entry = suite.app.logger.entries.find(
        (e) => e.level === 'error' && e.fields.requestId === res.body.requestId,
      );
      const error = entry?.fields.error as { message: string; stack: string };
      expect(entry?.fields.code).to.equal('ERR_INTERNAL');
      expect(error.message).to.include('ECONNREFUSED postgres://app:[REDACTED]@10.0.0.5/orders');
      expect(error.stack).to.include('boom');
      expect(JSON.stringify(suite.app.logger.entries)).to.not.include('db-password-4411');
    });

    it('adds the stack only when stack traces are exposed explicitly, outside production', async () => {
      const development = await startHardeningApp({ bulwark: { exposeStackTraces: true } });
      try {
        const res = await send(`${development.url}/boom`, {
          token: await development.tokenFor('ann', 'clerk'),
        });

        expect(res.body.stack).to.be.a('string').and.include('boom');
        expect(development.app.get('env')).to.not.equal('production');
      } finally {
        await development.close();
      }
    });
  });

  context('when validation fails on a password-like field', () => {
    const password = 'hunter2-is-my-secret';

    it('never echoes the value, even through a custom message that quotes it', async () => {
      const res = await send(`${suite.app.url}/accounts`, {
        method: 'POST',
        json: { username: 'ann', password },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(res.text).to.not.include(password);
      expect(fieldErrors(res)).to.deep.equal([
        {
          path: 'body.password',
          constraint: 'matches',
          message: 'body.password failed the matches check',
        },
      ]);
      expect(JSON.stringify(suite.app.logger.entries)).to.not.include(password);
    });

    it('never echoes the value of an unknown property', async () => {
      const res = await send(`${suite.app.url}/accounts`, {
        method: 'POST',
        json: { username: 'ann', password: 'Correct-horse-1', apiSecret: password },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(res.text).to.not.include(password);
    });
  });

  context('when a payload produces many errors', () => {
    it('lists the first 50 and reports how many there were', async () => {
      const lines = Array.from({ length: 5 }, () => ({ sku: 'x', quantity: 0, a: 1, b: 2, c: 3 }));
      const body: Record<string, unknown> = { customer: { handle: 'ann' }, lines, title: 't' };
      for (let i = 0; i < 60; i += 1) body[`extra${i}`] = i;

      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: body,
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res)).to.have.length(50);
      expect(res.body.details.errorCount).to.be.greaterThan(50);
    });
  });
});
