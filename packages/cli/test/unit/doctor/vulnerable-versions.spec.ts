import { expect } from 'chai';
import { SAFE_VERSION_TABLE, type Advisory } from '../../../src/doctor/safe-versions';
import { compareVersions, releaseLine } from '../../../src/doctor/version-order';
import { isAffected, minimumSafe } from '../../../src/doctor/vulnerable-versions';

const advisory = (fixed: string[], introduced?: string): Advisory => ({
  id: 'TEST',
  severity: 'high',
  summary: 'test',
  fixed,
  ...(introduced === undefined ? {} : { introduced }),
});

describe('isAffected', () => {
  it('compares with the fix of the same release line', () => {
    const a = advisory(['0.1.12', '6.3.0', '8.0.0']);
    expect(isAffected('0.1.7', a)).to.equal(true);
    expect(isAffected('0.1.12', a)).to.equal(false);
    expect(isAffected('6.2.9', a)).to.equal(true);
    expect(isAffected('6.3.0', a)).to.equal(false);
  });

  it('treats a line without a fix of its own as affected below the newest fix', () => {
    const a = advisory(['0.1.12', '6.3.0', '8.0.0']);
    expect(isAffected('2.4.0', a)).to.equal(true);
    expect(isAffected('7.2.0', a)).to.equal(true);
    expect(isAffected('9.0.0', a)).to.equal(false);
  });

  it('spares versions older than the first affected one', () => {
    const a = advisory(['2.2.1'], '2.2.0');
    expect(isAffected('1.20.3', a)).to.equal(false);
    expect(isAffected('2.2.0', a)).to.equal(true);
  });

  it('does not flag a version it cannot read', () => {
    expect(isAffected('workspace:*', advisory(['1.0.0']))).to.equal(false);
  });
});

describe('minimumSafe', () => {
  it('names the highest fix needed on the installed line', () => {
    const table = SAFE_VERSION_TABLE['qs']!;
    const affecting = table.filter((a) => isAffected('6.7.0', a));
    expect(minimumSafe('6.7.0', affecting)).to.equal('6.16.0');
  });
});

describe('compareVersions', () => {
  it('orders by semver precedence, a pre-release before its release', () => {
    expect(compareVersions('1.10.0', '1.9.0')).to.be.greaterThan(0);
    expect(compareVersions('5.0.0-beta.3', '5.0.0')).to.be.lessThan(0);
    expect(compareVersions('1.2.3', 'v1.2.3')).to.equal(0);
    expect(compareVersions('x', '1.0.0')).to.be.NaN;
  });
});

describe('releaseLine', () => {
  it('is the major number, or 0.minor below 1.0', () => {
    expect(releaseLine('4.21.2')).to.equal('4');
    expect(releaseLine('0.14.2')).to.equal('0.14');
    expect(releaseLine('nope')).to.equal(null);
  });
});

describe('SAFE_VERSION_TABLE', () => {
  it('covers the security-relevant packages Bulwark depends on', () => {
    expect(Object.keys(SAFE_VERSION_TABLE)).to.have.members([
      'class-validator',
      'class-transformer',
      '@casl/ability',
      'qs',
      'body-parser',
      'path-to-regexp',
      'typeorm',
      'jose',
      'express',
    ]);
  });

  it('holds only readable fixed versions', () => {
    for (const advisories of Object.values(SAFE_VERSION_TABLE)) {
      for (const a of advisories) {
        for (const fix of [...a.fixed, ...(a.introduced === undefined ? [] : [a.introduced])]) {
          expect(releaseLine(fix), `${a.id} ${fix}`).to.not.equal(null);
        }
      }
    }
  });
});
