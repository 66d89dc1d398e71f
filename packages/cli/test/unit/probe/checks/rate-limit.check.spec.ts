import { expect } from 'chai';
import { pathVariants } from '../../../../src/probe/checks/rate-limit.check';
import { route } from '../engine/fixtures';

describe('pathVariants', () => {
  it('spells a static path in upper case with a slash, and with a letter percent-encoded', () => {
    expect(pathVariants(route({ path: '/auth/token' }), '/auth/token')).to.deep.equal([
      '/AUTH/TOKEN/',
      '/auth/%74oken',
    ]);
  });

  it('keeps parameter values and the query string, encoding the first character of the id', () => {
    const notes = route({ path: '/notes/{id}' });

    expect(pathVariants(notes, '/notes/1a2b?limit=1')).to.deep.equal([
      '/NOTES/1a2b/?limit=1',
      '/notes/%31a2b?limit=1',
    ]);
  });
});
