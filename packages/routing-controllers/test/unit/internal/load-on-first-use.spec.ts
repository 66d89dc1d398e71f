import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadOnFirstUse } from '../../../src/internal/load-on-first-use';

const OPTIONAL = ['sanitize-html', 'pino', 'prom-client', 'csrf-csrf'];

/** Which of the optional modules a fresh process has loaded after running `script`. */
function loadedAfter(script: string): string[] {
  const probe =
    `${script};` +
    `const loaded = Object.keys(require.cache);` +
    `process.stdout.write(JSON.stringify(${JSON.stringify(OPTIONAL)}.filter((name) =>` +
    ` loaded.some((file) => file.includes('/node_modules/' + name + '/')))));`;
  const output = execFileSync(
    process.execPath,
    ['--conditions=bulwark-source', '-r', 'ts-node/register/transpile-only', '-e', probe],
    { encoding: 'utf8', cwd: join(__dirname, '..', '..', '..') },
  );
  return JSON.parse(output) as string[];
}

describe('loadOnFirstUse', () => {
  it('loads once, on the first call, and answers the same module after', () => {
    let loads = 0;
    const load = loadOnFirstUse(() => ({ loaded: (loads += 1) }));

    expect(loads).to.equal(0);
    const first = load();
    expect(load()).to.equal(first);
    expect(loads).to.equal(1);
  });

  context('when an app imports the package and uses no optional feature', () => {
    it('loads none of the optional features’ libraries', function () {
      this.timeout(60_000);

      expect(loadedAfter(`require('@bulwark/routing-controllers')`)).to.deep.equal([]);
    });
  });

  context('when a feature is used', () => {
    it('loads its library then', function () {
      this.timeout(60_000);
      const script =
        `const { stripHtml, BulwarkMetrics } = require('@bulwark/routing-controllers');` +
        `stripHtml('<b>x</b>'); new BulwarkMetrics({ collectProcessMetrics: false })`;

      expect(loadedAfter(script)).to.deep.equal(['sanitize-html', 'prom-client']);
    });
  });
});
