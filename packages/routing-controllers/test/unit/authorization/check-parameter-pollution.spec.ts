import { expect } from 'chai';
import { checkParameterPollution } from '../../../src/authorization/check-parameter-pollution';

const refusal = (sources: Parameters<typeof checkParameterPollution>[0]) => {
  try {
    checkParameterPollution(sources);
  } catch (error) {
    return error as { code: string; status: number; details: unknown };
  }
  return null;
};
const query = (values: Record<string, unknown>) => Object.assign(Object.create(null), values);

describe('checkParameterPollution', () => {
  const params = { id: 'n-1' };

  it('lets a request through that names the id once, or repeats the same value', () => {
    expect(refusal({ params, query: query({}), body: undefined })).to.equal(null);
    expect(
      refusal({ params, query: query({ id: 'n-1' }), body: { id: 'n-1', title: 't' } }),
    ).to.equal(null);
    expect(
      refusal({ params: { id: '7' }, query: query({ id: ['7', '7'] }), body: { id: 7 } }),
    ).to.equal(null);
    expect(refusal({ params: {}, query: query({ id: 'x' }), body: { id: 'y' } })).to.equal(null);
  });

  it('refuses another id in the query string with 400, naming the parameter', () => {
    expect(refusal({ params, query: query({ id: 'n-2' }), body: undefined })).to.deep.include({
      code: 'ERR_AUTHZ_PARAMETER_CONFLICT',
      status: 400,
      details: { parameter: 'id', sources: ['path', 'query'] },
    });
  });

  it('refuses a repeated query parameter with one different value', () => {
    expect(
      refusal({ params, query: query({ id: ['n-1', 'n-2'] }), body: undefined })?.code,
    ).to.equal('ERR_AUTHZ_PARAMETER_CONFLICT');
  });

  it('refuses another id in the body, also as a number, an object or null', () => {
    for (const id of ['n-2', 2, { $ne: 'n-1' }, null, true]) {
      expect(refusal({ params, query: query({}), body: { id } }), String(id)).to.deep.include({
        details: { parameter: 'id', sources: ['path', 'body'] },
      });
    }
  });

  it('names both sources when both disagree', () => {
    expect(
      refusal({ params, query: query({ id: 'a' }), body: { id: 'b' } })?.details,
    ).to.deep.equal({
      parameter: 'id',
      sources: ['path', 'query', 'body'],
    });
  });

  it('ignores bodies that are lists or not objects, and inherited keys', () => {
    expect(refusal({ params, query: query({}), body: [{ id: 'n-2' }] })).to.equal(null);
    expect(refusal({ params, query: query({}), body: 'id=n-2' })).to.equal(null);
    expect(refusal({ params, query: {}, body: Object.create({ id: 'n-2' }) })).to.equal(null);
  });
});
