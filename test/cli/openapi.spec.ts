import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulwark, buildCli, NOTES_APP, ROOT } from './support/cli';

/** Whether the built @bulwark/openapi exports the writer the command calls. */
function hasWriter(): boolean {
  const built = join(ROOT, 'packages', 'openapi', 'dist', 'index.js');
  return existsSync(built) && readFileSync(built, 'utf8').includes('writeOpenApiDocument');
}

describe('bulwark openapi (binary)', function () {
  this.timeout(300_000);
  let dir: string;

  before(async () => {
    await buildCli();
    dir = mkdtempSync(join(tmpdir(), 'bulwark-openapi-'));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the reference app document through @bulwark/openapi, or says the writer is missing', async () => {
    const file = join(dir, 'openapi.json');
    const result = await bulwark(['openapi', '--out', file], { cwd: NOTES_APP });
    if (hasWriter()) {
      expect(result.code, result.stderr).to.equal(0);
      const document = JSON.parse(readFileSync(file, 'utf8'));
      expect(document.openapi).to.match(/^3\.1\./);
      expect(document.info).to.deep.equal({
        title: '@bulwark/example-notes-api',
        version: '0.1.0',
      });
      expect(Object.keys(document.paths)).to.include('/notes/{id}');
    } else {
      expect(result.code).to.equal(3);
      expect(result.stderr).to.include('does not export writeOpenApiDocument');
      expect(existsSync(file)).to.equal(false);
    }
  });

  it('refuses an output path that is not .json with exit 2', async () => {
    const result = await bulwark(['openapi', '--out', join(dir, 'openapi.yaml')], {
      cwd: NOTES_APP,
    });
    expect(result.code).to.equal(2);
    expect(existsSync(join(dir, 'openapi.yaml'))).to.equal(false);
  });
});
