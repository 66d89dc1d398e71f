import { expect } from 'chai';
import { parseEnvFile, readEnvFile } from '../../../src/project/read-env-file';

describe('parseEnvFile', () => {
  it('reads names, quotes, export prefixes and comments', () => {
    const env = parseEnvFile(
      [
        '# a comment',
        'A=1',
        'export B = two',
        'C="line\\nbreak"',
        "D='kept # as is'",
        'E=value # note',
        'not a line',
        'F=',
      ].join('\n'),
    );
    expect({ ...env }).to.deep.equal({
      A: '1',
      B: 'two',
      C: 'line\nbreak',
      D: 'kept # as is',
      E: 'value',
      F: '',
    });
  });

  it('gives a record without a prototype, so __proto__ is just a name', () => {
    const env = parseEnvFile('__proto__=x');
    expect(Object.getPrototypeOf(env)).to.equal(null);
    expect(env['__proto__']).to.equal('x');
  });
});

describe('readEnvFile', () => {
  it('reads nothing from a missing file', () => {
    expect(Object.keys(readEnvFile('/nonexistent/.env'))).to.deep.equal([]);
  });
});
