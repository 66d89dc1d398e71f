import { expect } from 'chai';
import { CustomerInput, LineInput, OrderInput, OrderQuery } from './support/dtos';
import { expectRefused, fieldErrors } from './support/expectations';
import { startHardeningApp, useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

const validOrder = {
  customer: { handle: 'ann' },
  lines: [{ sku: 'AB-1', quantity: 2 }],
  title: 'First order',
};

describe('input validation (end to end)', () => {
  const suite = useHardeningApp();

  context('when a route declares a query DTO', () => {
    it('refuses an unknown parameter before the handler', async () => {
      const res = await send(`${suite.app.url}/orders?limit=5&isAdmin=true`, {
        token: suite.token,
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res)).to.deep.include({
        path: 'query.isAdmin',
        constraint: 'whitelistValidation',
        message: 'property isAdmin should not exist',
      });
    });

    it('converts declared parameters and hands the handler the DTO', async () => {
      const res = await send(`${suite.app.url}/orders?limit=5&status=open`, { token: suite.token });

      expect(res.status).to.equal(200);
      const query = suite.app.calls[0]?.args[0];
      expect(query).to.be.instanceOf(OrderQuery);
      expect(query).to.deep.include({ limit: 5, status: 'open' });
    });

    it('refuses a repeated parameter that must be single', async () => {
      const res = await send(`${suite.app.url}/orders?limit=1&limit=2`, { token: suite.token });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('query.limit');
    });

    it('never builds a nested object from brackets (operator injection)', async () => {
      const res = await send(`${suite.app.url}/orders?status[$ne]=closed`, { token: suite.token });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('query.status[$ne]');
    });

    it('refuses more parameters than the limit', async () => {
      const many = Array.from({ length: 51 }, (_, i) => `p${i}=1`).join('&');
      const res = await send(`${suite.app.url}/orders?${many}`, { token: suite.token });

      expectRefused(suite.app, res, 400, 'ERR_REQUEST_MALFORMED');
    });
  });

  context('when a route declares no query DTO', () => {
    it('refuses any parameter by default', async () => {
      const res = await send(`${suite.app.url}/plain?debug=1`, { token: suite.token });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res)).to.deep.equal([
        {
          path: 'query.debug',
          constraint: 'whitelistValidation',
          message: 'this route takes no query parameters',
        },
      ]);
    });

    it('answers a request without parameters', async () => {
      const res = await send(`${suite.app.url}/plain`, { token: suite.token });

      expect(res.status).to.equal(200);
    });

    it('hands the handler an empty query when undeclared parameters are ignored', async () => {
      const lenient = await startHardeningApp({ bulwark: { query: { undeclared: 'ignore' } } });
      try {
        const res = await send(`${lenient.url}/plain?debug=1&role=admin`, {
          token: await lenient.tokenFor('ann', 'clerk'),
        });

        expect(res.status).to.equal(200);
        expect(res.body.query).to.deep.equal({});
        expect(Object.keys(lenient.calls[0]?.args[0] as object)).to.deep.equal([]);
      } finally {
        await lenient.close();
      }
    });
  });

  context('when a body nests objects', () => {
    it('refuses an unknown property inside a nested object', async () => {
      const body = { ...validOrder, customer: { handle: 'ann', role: 'admin' } };
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: body,
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => [e.path, e.constraint])).to.deep.include([
        'body.customer.role',
        'whitelistValidation',
      ]);
    });

    it('refuses a nested value that is not an object', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, customer: 'ann' },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('body.customer');
    });

    it('reports the path of a nested violation', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, customer: { handle: 'X' } },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res)).to.have.length(1);
      expect(fieldErrors(res)[0]).to.include({
        path: 'body.customer.handle',
        constraint: 'matches',
      });
    });
  });

  context('when a body carries arrays', () => {
    it('refuses an unknown property inside an element, naming its index', async () => {
      const lines = [
        { sku: 'AB-1', quantity: 1 },
        { sku: 'AB-2', quantity: 1, price: 0 },
      ];
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, lines },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('body.lines[1].price');
    });

    it('refuses a primitive where an element object belongs', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, lines: [{ sku: 'AB-1', quantity: 1 }, 7] },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('body.lines[1]');
    });

    it('refuses an empty list and a list over its size limit', async () => {
      for (const lines of [[], Array.from({ length: 6 }, () => ({ sku: 'AB-1', quantity: 1 }))]) {
        const res = await send(`${suite.app.url}/orders`, {
          method: 'POST',
          token: suite.token,
          json: { ...validOrder, lines },
        });

        expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
        expect(fieldErrors(res).map((e) => e.path)).to.deep.equal(['body.lines']);
      }
    });

    it('refuses a wrong element type in a list of strings', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { ...validOrder, tags: ['a', { $gt: '' }] },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.include('body.tags');
    });

    it('hands the handler DTO instances all the way down', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: validOrder,
      });

      expect(res.status).to.equal(200);
      const input = suite.app.calls[0]?.args[0] as OrderInput;
      expect(input).to.be.instanceOf(OrderInput);
      expect(input.customer).to.be.instanceOf(CustomerInput);
      expect(input.lines[0]).to.be.instanceOf(LineInput);
    });
  });

  context('when a DTO serves create and update through groups', () => {
    it('accepts a partial update that the create route refuses', async () => {
      const created = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: validOrder,
      });
      suite.app.calls.length = 0;

      const update = await send(`${suite.app.url}/orders/${created.body.id}`, {
        method: 'PUT',
        token: suite.token,
        json: { title: 'Renamed' },
      });
      expect(update.status).to.equal(200);
      expect(update.body.title).to.equal('Renamed');

      const writes = suite.app.store.writes;
      suite.app.calls.length = 0;
      const create = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: { title: 'Renamed' },
      });
      expect(create.status).to.equal(400);
      expect(fieldErrors(create).map((e) => e.path)).to.include.members([
        'body.customer',
        'body.lines',
      ]);
      expect(suite.app.calls).to.deep.equal([]);
      expect(suite.app.store.writes).to.equal(writes);
    });

    it('still refuses unknown properties on the update route', async () => {
      const id = '6f1c3a52-2c47-4c7e-9a57-2a43f4f0d7a1';
      const res = await send(`${suite.app.url}/orders/${id}`, {
        method: 'PUT',
        token: suite.token,
        json: { title: 'x', tenantId: 'tenant-b' },
      });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.deep.equal(['body.tenantId']);
    });
  });

  context('when a route declares a headers DTO', () => {
    it('validates the declared headers and ignores the others', async () => {
      const res = await send(`${suite.app.url}/tenant`, {
        token: suite.token,
        headers: { 'x-tenant': 'acme' },
      });

      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ tenant: 'acme' });
    });

    it('refuses a declared header with a bad value, or missing', async () => {
      const cases: Array<Record<string, string>> = [{ 'x-tenant': 'ACME; drop table' }, {}];
      for (const headers of cases) {
        const res = await send(`${suite.app.url}/tenant`, { token: suite.token, headers });

        expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
        expect(fieldErrors(res).map((e) => e.path)).to.include('headers.x-tenant');
      }
    });
  });

  context('when a route declares a path DTO', () => {
    it('refuses a malformed identifier before the handler', async () => {
      const res = await send(`${suite.app.url}/orders/1%20OR%201=1`, { token: suite.token });

      expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
      expect(fieldErrors(res).map((e) => e.path)).to.deep.equal(['params.id']);
    });
  });
});
