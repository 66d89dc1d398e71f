import { expect } from 'chai';
import { useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

const order = {
  customer: { handle: 'ann' },
  lines: [{ sku: 'AB-1', quantity: 2 }],
  title: 'Order',
};
const PRIVATE = ['costPrice', 'internalNote', 'tenantId', 'supplierPassword', 'hunter2-supplier'];

describe('output shaping (end to end)', () => {
  const suite = useHardeningApp();
  let admin: string;

  before(async () => {
    admin = await suite.app.tokenFor('root', 'admin');
  });

  async function createOrder(): Promise<string> {
    const res = await send(`${suite.app.url}/orders`, {
      method: 'POST',
      token: suite.token,
      json: order,
    });
    expect(res.status).to.equal(200);
    return res.body.id as string;
  }

  context('when a route declares a response DTO', () => {
    it('sends only the exposed properties, nested lists included', async () => {
      const res = await send(`${suite.app.url}/orders`, {
        method: 'POST',
        token: suite.token,
        json: order,
      });

      expect(res.body).to.have.all.keys('id', 'title', 'lines');
      expect(res.body.lines).to.deep.equal([{ sku: 'AB-1', quantity: 2 }]);
      for (const word of PRIVATE) expect(res.text).to.not.include(word);
    });

    it('shapes every element of a list page', async () => {
      await createOrder();
      await createOrder();

      const res = await send(`${suite.app.url}/orders`, { token: suite.token });

      expect(res.body.items).to.have.length(2);
      for (const item of res.body.items) expect(item).to.have.all.keys('id', 'title', 'lines');
      for (const word of PRIVATE) expect(res.text).to.not.include(word);
    });

    it('exposes group-only properties on the route that names the group', async () => {
      const id = await createOrder();

      const plain = await send(`${suite.app.url}/orders/${id}`, { token: admin });
      const full = await send(`${suite.app.url}/orders/${id}/full`, { token: admin });

      expect(plain.body).to.not.have.property('internalNote');
      expect(full.body.internalNote).to.equal('supplier is late again');
      expect(full.text).to.not.include('tenant-a').and.to.not.include('hunter2-supplier');
    });

    it('refuses the group route to a principal without its role', async () => {
      const id = await createOrder();

      const res = await send(`${suite.app.url}/orders/${id}/full`, { token: suite.token });

      expect(res.status).to.equal(403);
      expect(res.text).to.not.include('supplier is late again');
    });

    it('fails with 500 instead of sending a nested object the DTO does not type', async () => {
      const res = await send(`${suite.app.url}/leaky`, { token: suite.token });

      expect(res.status).to.equal(500);
      expect(res.body.code).to.equal('ERR_INTERNAL');
      expect(res.text).to.not.include('scrypt$leak').and.to.not.include('ann');
      const logged = suite.app.logger.entries.find(
        (e) => e.fields.requestId === res.body.requestId,
      );
      expect(String((logged?.fields.error as { message: string }).message)).to.include(
        'LeakyView.owner',
      );
    });
  });

  context('when a response answers an authenticated request', () => {
    it('marks it uncacheable', async () => {
      const res = await send(`${suite.app.url}/plain`, { token: suite.token });

      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('marks refusals uncacheable too', async () => {
      const res = await send(`${suite.app.url}/plain`);

      expect(res.status).to.equal(401);
      expect(res.headers['cache-control']).to.equal('no-store');
    });

    it('leaves public answers to the app', async () => {
      const res = await send(`${suite.app.url}/open`);

      expect(res.status).to.equal(200);
      expect(res.headers['cache-control']).to.equal(undefined);
    });
  });
});
