import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { ERROR_CATALOG, describeError } from '@bulwark/core';

const DOC = join(__dirname, '../../../../../docs/errors.md');

describe('ERROR_CATALOG', () => {
  const codes = Object.keys(ERROR_CATALOG);

  it('names every code ERR_<AREA>_<CONDITION>', () => {
    for (const code of codes) expect(code).to.match(/^ERR_[A-Z0-9]+(_[A-Z0-9]+)*$/);
  });

  it('gives every code an HTTP status, a description and a remedy', () => {
    for (const code of codes) {
      const entry = describeError(code as keyof typeof ERROR_CATALOG);
      expect(entry.status, code).to.be.within(400, 599);
      expect(entry.description.length, code).to.be.greaterThan(10);
      expect(entry.remedy.length, code).to.be.greaterThan(5);
    }
  });

  it('agrees with docs/errors.md, code for code', () => {
    const documented = [...readFileSync(DOC, 'utf8').matchAll(/^### (ERR_[A-Z0-9_]+)\s*$/gm)].map(
      (m) => m[1],
    );
    expect([...documented].sort()).to.deep.equal([...codes].sort());
  });

  it('documents each code with its status', () => {
    const text = readFileSync(DOC, 'utf8');
    for (const code of codes) {
      const section = text.split(`### ${code}\n`)[1]?.split('\n### ')[0] ?? '';
      expect(section, code).to.include(
        `Status: ${ERROR_CATALOG[code as keyof typeof ERROR_CATALOG].status}`,
      );
    }
  });
});
