import { expect } from 'chai';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { bulwark, buildCli, FIXTURE_APP, NOTES_APP } from './support/cli';

interface Finding {
  id: string;
  severity: string;
  title: string;
  reason: string;
  fix: string;
}

async function doctor(cwd: string, args: string[], env: Record<string, string | undefined> = {}) {
  const result = await bulwark(['doctor', '--format', 'json', ...args], { cwd, env });
  const report = JSON.parse(result.stdout) as {
    findings: Finding[];
    counts: Record<string, number>;
  };
  const find = (id: string) => report.findings.filter((f) => f.id === id);
  return { result, report, find };
}

describe('bulwark doctor (binary)', function () {
  this.timeout(300_000);

  before(async () => {
    await buildCli();
  });

  context('when run on the reference app in development', () => {
    it('passes with exit 0, the dependency floors included', async () => {
      const { result, report, find } = await doctor(NOTES_APP, ['--offline']);
      expect(result.code).to.equal(0);
      expect(report.counts.high).to.equal(0);
      expect(find('dependency.vulnerable')).to.deep.equal([]);
      expect(find('dependency.source')[0]!.title).to.include('minimum-safe-version table');
      expect(find('secret.missing')[0]!.severity).to.equal('low');
    });

    it('falls back to the safe-version table when npm audit gets no report', async () => {
      const { result, find } = await doctor(NOTES_APP, []);
      expect(result.code).to.equal(0);
      const source = find('dependency.source')[0]!;
      expect(source.title).to.match(
        /minimum-safe-version table \(npm audit gave no report|npm audit/,
      );
    });

    it('prints findings with severity, reason and fix as text', async () => {
      const result = await bulwark(['doctor', '--offline'], { cwd: NOTES_APP });
      expect(result.code).to.equal(0);
      expect(result.stdout).to.match(
        /LOW {4}JWT_SECRET is not set \[secret\.missing\]\n {7}why: .+\n {7}fix: .+openssl rand/,
      );
      expect(result.stdout).to.include('PASS: no high finding');
    });
  });

  context('when run on the reference app as production', () => {
    it('fails with a missing secret and an app that does not start', async () => {
      const { result, find } = await doctor(NOTES_APP, ['--offline', '--production']);
      expect(result.code).to.equal(1);
      expect(find('secret.missing')[0]!.severity).to.equal('high');
      expect(find('app.start-failed')[0]!.reason).to.include('JWT_SECRET');
    });

    it('flags a placeholder secret as high', async () => {
      const { result, find } = await doctor(NOTES_APP, ['--offline', '--production'], {
        JWT_SECRET: 'changeme',
      });
      expect(result.code).to.equal(1);
      expect(find('secret.weak')[0]!.severity).to.equal('high');
      expect(JSON.stringify(find('secret.weak'))).to.not.include('changeme');
    });

    it('passes with a strong secret, noting HMAC tokens and memory counters', async () => {
      const secret = randomBytes(48).toString('base64');
      // The reference app also signs client-credentials tokens with an EC key in production.
      const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString();
      const { result, report, find } = await doctor(NOTES_APP, ['--offline', '--production'], {
        JWT_SECRET: secret,
        OAUTH_SIGNING_KEY: signingKey,
      });
      expect(report.findings.filter((f) => f.severity === 'high')).to.deep.equal([]);
      expect(result.code).to.equal(0);
      expect(find('token.hmac-in-production')[0]!.severity).to.equal('medium');
      expect(find('store.memory-rate-limit')[0]!.severity).to.equal('medium');
      expect(find('https.not-enforced')).to.deep.equal([]);
      expect(result.stdout).to.not.include(secret);
    });
  });

  context('when run on a misconfigured app', () => {
    it('fails and reports every weakness with its fix', async () => {
      const { result, find } = await doctor(FIXTURE_APP, ['--offline'], {
        FIXTURE_SECRET: 'short',
      });
      expect(result.code).to.equal(1);
      expect(find('ratelimit.auth-endpoint').map((f) => f.title)).to.deep.equal([
        'Authentication endpoint POST /auth/login has no rate limit by client address',
      ]);
      expect(find('audit.route-unaudited').map((f) => f.severity)).to.deep.equal([
        'high',
        'high',
        'high',
      ]);
      expect(find('secret.weak')[0]!.title).to.include('5 bytes, fewer than 32');
      expect(find('proxy.untrusted')[0]!.severity).to.equal('medium');
      expect(find('errors.verbose')[0]!.severity).to.equal('low');
      const vulnerable = find('dependency.vulnerable').map((f) => f.title.split(' ')[0]);
      expect(vulnerable).to.have.members([
        'express@4.17.1',
        'path-to-regexp@0.1.7',
        'qs@6.7.0',
        'class-validator@0.13.1',
      ]);
      expect(find('dependency.vulnerable').find((f) => f.title.startsWith('qs@'))!.fix).to.include(
        '6.16.0',
      );
    });

    it('sees CORS that reflects any origin with credentials by sending a preflight', async () => {
      const { find } = await doctor(FIXTURE_APP, ['--offline'], { FIXTURE_CORS: 'reflect' });
      const cors = find('cors.wildcard-credentials')[0]!;
      expect(cors.severity).to.equal('high');
      expect(cors.reason).to.include('https://doctor-probe.invalid');
    });

    it('reports a disabled audit trail once for the whole app', async () => {
      const { find } = await doctor(FIXTURE_APP, ['--offline'], { FIXTURE_AUDIT: 'off' });
      expect(find('audit.disabled')[0]!.title).to.include('3 route(s) change data');
      expect(find('audit.route-unaudited')).to.deep.equal([]);
    });

    it('raises an untrusted proxy and HMAC tokens in production', async () => {
      const { find } = await doctor(FIXTURE_APP, ['--offline', '--production'], {
        FIXTURE_SECRET: randomBytes(48).toString('base64'),
      });
      expect(find('app.start-failed')).to.deep.equal([]);
      expect(find('proxy.untrusted')[0]!.severity).to.equal('high');
      expect(find('token.hmac-in-production')).to.have.length(1);
    });

    it('finds plain HTTP answered in production', async () => {
      const { find } = await doctor(FIXTURE_APP, ['--offline', '--production'], {
        FIXTURE_PLAIN_HANDLER: '1',
      });
      const https = find('https.not-enforced')[0]!;
      expect(https.severity).to.equal('high');
      expect(https.title).to.include('plain HTTP got 200');
    });
  });
});
