import { expect } from 'chai';
import type { BulwarkError } from '@bulwark/core';
import { checkOpenApiOptions, type OpenApiOptions } from '../../../src/document/generate-options';

function problemsOf(options: unknown): string[] {
  try {
    checkOpenApiOptions(options as OpenApiOptions);
  } catch (error) {
    expect((error as BulwarkError).code).to.equal('ERR_CONFIG_INVALID');
    return (error as BulwarkError).details?.problems as string[];
  }
  return [];
}

describe('checkOpenApiOptions', () => {
  it('accepts a title and a version', () => {
    expect(problemsOf({ info: { title: 'API', version: '1' } })).to.deep.equal([]);
  });

  it('refuses something that is not an options object', () => {
    expect(problemsOf(null)).to.have.length(1);
  });

  it('reports every problem together', () => {
    const problems = problemsOf({
      info: { title: ' ' },
      servers: [{ url: '' }],
      permissions: {},
      securitySchemes: { bearer: [], other: 'x' },
      describers: { Mac: 'not a function' },
      tags: [{}],
      extra: true,
    });
    expect(problems).to.have.length(10);
    expect(problems.join('\n'))
      .to.include('unknown option "extra"')
      .and.include('info.title')
      .and.include('info.version')
      .and.include('servers[0].url')
      .and.include('definePermissions')
      .and.include('securitySchemes.bearer')
      .and.include('securitySchemes.other')
      .and.include('describers.Mac: a describer function')
      .and.include('describers.Mac: use the lower-case name')
      .and.include('tags[0].name');
  });
});
