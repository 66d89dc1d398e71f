import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isCliError } from '../../../src/cli-error';
import { loadTarget } from '../../../src/probe/load-target';

describe('loadTarget', () => {
  let folder: string;

  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'bulwark-probe-target-'));
    writeFileSync(
      join(folder, 'doc.json'),
      JSON.stringify({
        openapi: '3.1.0',
        info: { title: 'Doc', version: '1' },
        paths: { '/a': { get: {} } },
      }),
    );
    writeFileSync(join(folder, 'broken.json'), '{"openapi":');
    mkdirSync(join(folder, 'empty-project'));
  });

  after(() => rmSync(folder, { recursive: true, force: true }));

  async function exitOf(entry: string): Promise<{ code: number; message: string }> {
    try {
      await loadTarget(entry, folder);
    } catch (error) {
      if (!isCliError(error)) throw error;
      return { code: error.exitCode, message: error.message };
    }
    throw new Error(`${entry} was loaded`);
  }

  it('reads an OpenAPI document given as a .json file', async () => {
    const { target, source } = await loadTarget('doc.json', folder);

    expect(target.title).to.equal('Doc');
    expect(target.routes.map((r) => r.path)).to.deep.equal(['/a']);
    expect(source).to.equal(join(folder, 'doc.json'));
  });

  it('exits 3 when there is nothing, broken JSON, or a folder without a bulwark.config', async () => {
    expect(await exitOf('missing.json')).to.deep.include({ code: 3 });
    expect((await exitOf('broken.json')).code).to.equal(3);
    expect(await exitOf('empty-project')).to.satisfy(
      (e: { code: number; message: string }) =>
        e.code === 3 && e.message.includes('No bulwark.config'),
    );
  });
});
