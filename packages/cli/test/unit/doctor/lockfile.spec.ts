import { expect } from 'chai';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFindings } from '../../../src/doctor/check-dependencies';
import { findLockfile, readLockfile } from '../../../src/doctor/lockfile';

describe('readLockfile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-lock-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads nested copies of a v3 lockfile and skips links', () => {
    const file = join(dir, 'package-lock.json');
    writeFileSync(
      file,
      JSON.stringify({
        lockfileVersion: 3,
        packages: {
          '': { name: 'app' },
          'node_modules/express': { version: '4.22.3' },
          'node_modules/express/node_modules/qs': { version: '6.5.2' },
          'node_modules/@bulwark/core': { link: true, resolved: 'packages/core' },
        },
      }),
    );
    expect(readLockfile(file).packages).to.deep.equal([
      { name: 'express', version: '4.22.3', location: 'node_modules/express' },
      { name: 'qs', version: '6.5.2', location: 'node_modules/express/node_modules/qs' },
    ]);
  });

  it('reads the dependency tree of a v1 lockfile', () => {
    const file = join(dir, 'package-lock.json');
    writeFileSync(
      file,
      JSON.stringify({
        lockfileVersion: 1,
        dependencies: {
          express: { version: '4.17.1', dependencies: { qs: { version: '6.7.0' } } },
        },
      }),
    );
    expect(readLockfile(file).packages.map((p) => `${p.name}@${p.version}`)).to.deep.equal([
      'express@4.17.1',
      'qs@6.7.0',
    ]);
  });

  it('finds the lockfile of a workspace member in a folder above', () => {
    writeFileSync(join(dir, 'package-lock.json'), '{}');
    const member = join(dir, 'packages', 'app');
    mkdirSync(member, { recursive: true });
    expect(findLockfile(member)).to.equal(join(dir, 'package-lock.json'));
  });
});

describe('tableFindings', () => {
  it('reports each vulnerable copy with the worst severity and the version to reach', () => {
    const findings = tableFindings(
      [
        { name: 'class-validator', version: '0.13.2', location: 'node_modules/class-validator' },
        {
          name: 'class-validator',
          version: '0.14.4',
          location: 'node_modules/x/node_modules/class-validator',
        },
        { name: 'left-pad', version: '0.0.1', location: 'node_modules/left-pad' },
      ],
      '/app/package-lock.json',
    );
    expect(findings).to.have.length(1);
    expect(findings[0]).to.include({ id: 'dependency.vulnerable', severity: 'high' });
    expect(findings[0]!.fix).to.include('0.14.0');
  });
});
