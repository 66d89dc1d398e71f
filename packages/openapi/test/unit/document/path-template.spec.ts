import { expect } from 'chai';
import { toPathTemplate } from '../../../src/document/path-template';

describe('toPathTemplate', () => {
  it('turns Express parameters into template parameters', () => {
    expect(toPathTemplate('/notes/:id/comments/:commentId')).to.deep.equal({
      template: '/notes/{id}/comments/{commentId}',
      parameters: [{ name: 'id' }, { name: 'commentId' }],
    });
  });

  it('keeps the pattern Express matches a parameter with', () => {
    expect(toPathTemplate('/files/:name([a-z]+)')).to.deep.equal({
      template: '/files/{name}',
      parameters: [{ name: 'name', pattern: '^[a-z]+$' }],
    });
  });

  it('leaves a path without parameters as it is', () => {
    expect(toPathTemplate('/health')).to.deep.equal({ template: '/health', parameters: [] });
  });

  for (const path of [
    '/notes/:id?',
    '/files/:rest*',
    '/a/:b+',
    '/wild/*',
    '/(a|b)',
    '/x/:id/y/:id',
    '/x/:',
  ]) {
    it(`refuses ${path}, which OpenAPI cannot express exactly`, () => {
      expect(toPathTemplate(path)).to.have.property('problem').that.includes(path);
    });
  }
});
