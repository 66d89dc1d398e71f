import { expect } from 'chai';
import { startNotesApp } from '../support/notes-app';
import type { OrderInput } from './support/dtos';
import { expectRefused, fieldErrors } from './support/expectations';
import { useHardeningApp } from './support/hardening-app';
import { send } from './support/http';

const base = { customer: { handle: 'ann' }, lines: [{ sku: 'AB-1', quantity: 1 }], title: 'Order' };

describe('sanitizers (end to end)', () => {
  const suite = useHardeningApp();

  async function create(body: object): Promise<OrderInput> {
    const res = await send(`${suite.app.url}/orders`, {
      method: 'POST',
      token: suite.token,
      json: body,
    });
    expect(res.status, res.text).to.equal(200);
    return suite.app.calls[0]?.args[0] as OrderInput;
  }

  it('strips markup and script content from a plain-text field before the handler', async () => {
    const input = await create({
      ...base,
      title: '  <img src=x onerror=alert(1)>Hello <b>there</b><script>steal()</script>  ',
    });

    expect(input.title).to.equal('Hello there');
  });

  it('keeps allow-listed formatting in a rich-text field and drops the dangerous parts', async () => {
    const input = await create({
      ...base,
      comment:
        '<p onclick="x()">Hi <b>all</b> <a href="javascript:alert(1)">x</a> <a href="https://example.com" style="color:red">ok</a><iframe src="https://evil.example"></iframe></p>',
    });

    expect(input.comment).to.equal(
      '<p>Hi <b>all</b> <a rel="noopener noreferrer nofollow">x</a> <a href="https://example.com" rel="noopener noreferrer nofollow">ok</a></p>',
    );
  });

  it('normalizes Unicode so a look-alike handle becomes the plain one', async () => {
    const input = await create({ ...base, customer: { handle: ' ａｎｎ ' } });

    expect(input.customer.handle).to.equal('ann');
  });

  it('trims every string of a list', async () => {
    const input = await create({ ...base, tags: ['  urgent ', 'late\n'] });

    expect(input.tags).to.deep.equal(['urgent', 'late']);
  });

  it('validates the sanitized value: a title of markup only is empty and refused', async () => {
    const res = await send(`${suite.app.url}/orders`, {
      method: 'POST',
      token: suite.token,
      json: { ...base, title: '  <script>alert(1)</script> ' },
    });

    expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
    expect(fieldErrors(res).map((e) => [e.path, e.constraint])).to.deep.equal([
      ['body.title', 'isNotEmpty'],
    ]);
  });

  it('leaves a wrong type for validation to refuse instead of coercing it', async () => {
    const res = await send(`${suite.app.url}/orders`, {
      method: 'POST',
      token: suite.token,
      json: { ...base, title: { $ne: '' } },
    });

    expectRefused(suite.app, res, 400, 'ERR_VALIDATION_FAILED');
    expect(fieldErrors(res).map((e) => e.path)).to.include('body.title');
  });

  context('in the reference app', () => {
    it('stores a note title without markup', async () => {
      const notes = await startNotesApp();
      try {
        const res = await send(`${notes.url}/notes`, {
          method: 'POST',
          token: await notes.tokenFor('erin'),
          json: {
            title: '  <b>Plan</b><img src=x onerror=alert(1)><script>x()</script> ',
            body: 'b',
          },
        });

        expect(res.status, res.text).to.equal(201);
        const stored = await notes.notes.context.notes.findOneByOrFail({ id: res.body.id });
        expect(stored.title).to.equal('Plan');
      } finally {
        await notes.close();
      }
    });
  });
});
