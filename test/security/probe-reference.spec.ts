import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../packages/cli/src/main';
import {
  parseProbeConfig,
  type ProbeConfig,
} from '../../packages/cli/src/probe/config/probe-config';
import { runProbe, type ProbeReport } from '../../packages/cli/src/probe/engine/run-probe';
import { targetFromPolicies } from '../../packages/cli/src/probe/target/target-from-policies';
import { bulwark as bulwarkBinary, buildCli, NOTES_APP } from '../cli/support/cli';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { prepareProbe } from './support/probe-principals';
import { failuresOf, statusOf } from './support/probe-report';
import { startRecordingProxy } from './support/recording-proxy';

/**
 * The reference app as the probe attacks it: in-memory SQLite and in-memory counters (so no other
 * suite's Redis counters are counted against this run), and an app-wide limit per address high
 * enough for the thousands of requests one run sends from 127.0.0.1. Every route limit is the
 * app's own.
 */
function startProbedApp(): Promise<RunningNotesApp> {
  return startNotesApp({ config: { addressRateLimit: 1_000_000, redisUrl: null } });
}

async function configOf(
  app: RunningNotesApp,
): Promise<{ raw: Record<string, unknown>; config: ProbeConfig }> {
  const { config: raw } = await prepareProbe({
    url: app.url,
    dataSource: app.notes.context.dataSource,
    jwtSecret: app.notes.config.jwtSecret,
    tokenFor: app.tokenFor,
  });
  const parsed = parseProbeConfig(raw, {});
  if ('problems' in parsed) throw new Error(parsed.problems.join('\n'));
  return { raw, config: parsed.config };
}

describe('bulwark probe against the reference app', function () {
  this.timeout(300_000);

  describe('runProbe with --allow-writes, from the compiled policies', () => {
    let app: RunningNotesApp;
    let report: ProbeReport;

    before(async () => {
      app = await startProbedApp();
      const { config } = await configOf(app);
      report = await runProbe({
        target: await targetFromPolicies(app.notes.bulwark),
        config,
        baseUrl: app.url,
        allowWrites: true,
        maxRequests: 10_000,
        timeoutSeconds: 280,
      });
    });

    after(async () => {
      await app.close();
    });

    it('finds no check failing', () => {
      expect(failuresOf(report)).to.deep.equal([]);
      expect(report.summary.passed).to.be.greaterThan(150);
    });

    it('attacks every route, writes included', () => {
      expect(report.routes.map((r) => r.skipped).filter(Boolean)).to.deep.equal([]);
      expect(report.routes).to.have.length(app.notes.bulwark.policies.length);
    });

    it('refuses missing, forged, expired, confused and revoked credentials on every route that needs one', () => {
      const checks = [
        'authn.no-credentials',
        'authn.alg-none',
        'authn.wrong-key',
        'authn.tampered-claims',
        'authn.hs-rs-confusion',
        'authn.expired',
      ];
      for (const policy of app.notes.bulwark.policies.filter((p) => !p.isPublic)) {
        for (const check of checks)
          expect(statusOf(report, policy.id, check), `${policy.id} ${check}`).to.equal('pass');
      }
      expect(statusOf(report, 'NotesController.list', 'authn.revoked-api-key')).to.equal('pass');
      expect(statusOf(report, 'ApiKeysController.create', 'authn.unaccepted-scheme')).to.equal(
        'pass',
      );
    });

    it('refuses principals without the permission and other owners’ notes', () => {
      for (const id of [
        'UsersController.users',
        'AuditLogController.search',
        'NotesController.create',
        'NotesController.update',
        'NotesController.remove',
      ]) {
        expect(statusOf(report, id, 'authz.function-level'), id).to.equal('pass');
      }
      for (const id of [
        'NotesController.one',
        'NotesController.update',
        'NotesController.remove',
      ]) {
        expect(statusOf(report, id, 'authz.object-level'), id).to.equal('pass');
      }
      expect(statusOf(report, 'NotesController.list', 'authz.list-narrowing')).to.equal('pass');
      expect(statusOf(report, 'NotesController.create', 'authz.mass-assignment')).to.equal('pass');
      expect(statusOf(report, 'NotesController.update', 'authz.mass-assignment')).to.equal('pass');
    });

    it('refuses malformed input and treats injected strings as data', () => {
      for (const check of [
        'input.unknown-properties',
        'input.prototype-keys',
        'input.wrong-types',
        'input.oversized-body',
        'input.deep-nesting',
        'input.content-type',
      ]) {
        expect(statusOf(report, 'NotesController.create', check), check).to.equal('pass');
      }
      for (const check of [
        'injection.sql',
        'injection.nosql',
        'injection.command',
        'injection.path-traversal',
        'injection.xss',
      ]) {
        expect(statusOf(report, 'AuditLogController.search', check), `search ${check}`).to.equal(
          'pass',
        );
        expect(statusOf(report, 'NotesController.update', check), `update ${check}`).to.equal(
          'pass',
        );
      }
      expect(statusOf(report, 'NotesController.one', 'injection.path-traversal')).to.equal('pass');
    });

    it('exhausts each route limit, and neither a forged address nor a path spelling starts it again', () => {
      for (const id of [
        'AuthController.token',
        'NotesController.create',
        'ApiKeysController.create',
        'NotesController.list',
      ]) {
        for (const check of [
          'rate-limit.exhaustion',
          'rate-limit.forwarded-for',
          'rate-limit.path-variants',
        ]) {
          expect(statusOf(report, id, check), `${id} ${check}`).to.equal('pass');
        }
      }
    });

    it('finds no leak, a problem document for every refusal and the security headers on every answer', () => {
      for (const route of report.routes) {
        expect(statusOf(report, route.id, 'response.error-leaks'), route.id).to.equal('pass');
        expect(statusOf(report, route.id, 'response.problem-format'), route.id).to.equal('pass');
        expect(statusOf(report, route.id, 'response.security-headers'), route.id).to.equal('pass');
      }
    });

    it('says why each skipped check was skipped', () => {
      const skipped = report.routes.flatMap((r) => r.checks.filter((c) => c.status === 'skip'));
      for (const check of skipped) expect(check.skipped, check.check).to.not.be.empty;
    });
  });

  describe('the probe command, reads only, behind a recording proxy', () => {
    let app: RunningNotesApp;
    let folder: string;

    before(async () => {
      app = await startProbedApp();
      folder = mkdtempSync(join(tmpdir(), 'bulwark-probe-'));
    });

    after(async () => {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('reads the document the app serves, sends no write and reports in JUnit', async () => {
      const { raw } = await configOf(app);
      writeFileSync(join(folder, 'principals.json'), JSON.stringify(raw));
      const document = await (await fetch(`${app.url}/openapi.json`)).text();
      writeFileSync(join(folder, 'openapi.json'), document);
      const proxy = await startRecordingProxy(app.url);
      let stderr = '';
      try {
        const code = await run(
          [
            'probe',
            '--app',
            'openapi.json',
            '--base-url',
            proxy.url,
            '--config',
            'principals.json',
            '--format',
            'junit',
            '--out',
            'probe.xml',
            '--max-burst',
            '40',
          ],
          {
            stdout: { write: () => true },
            stderr: { write: (t: string) => (stderr += t) },
            env: {},
            cwd: folder,
          },
        );

        expect(code, stderr).to.equal(0);
      } finally {
        await proxy.close();
      }
      expect(proxy.seen.length).to.be.greaterThan(100);
      expect(
        proxy.seen.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method)),
      ).to.deep.equal([]);
      const junit = readFileSync(join(folder, 'probe.xml'), 'utf8');
      expect(junit).to.include(
        '<testsuite name="POST /notes" id="NotesController.create" tests="1" failures="0" skipped="1">',
      );
      expect(junit).to.match(
        /<testsuite name="GET \/notes\/\{id\}" id="NotesController.one" tests="\d+" failures="0"/,
      );
      expect(junit).to.include('name="authz.object-level"></testcase>');
    });
  });

  describe('the bulwark binary, reading the reference app’s own bulwark.config', () => {
    let app: RunningNotesApp;
    let folder: string;

    before(async () => {
      await buildCli();
      app = await startProbedApp();
      folder = mkdtempSync(join(tmpdir(), 'bulwark-probe-bin-'));
    });

    after(async () => {
      await app.close();
      rmSync(folder, { recursive: true, force: true });
    });

    it('builds the app from its config to read the policies, attacks the running one and exits 0', async () => {
      const { raw } = await configOf(app);
      const file = join(folder, 'principals.json');
      writeFileSync(file, JSON.stringify(raw));

      const result = await bulwarkBinary(
        [
          'probe',
          '--app',
          NOTES_APP,
          '--base-url',
          app.url,
          '--config',
          file,
          '--allow-writes',
          '--format',
          'json',
          '--max-burst',
          '40',
        ],
        { cwd: folder },
      );

      expect(result.code, result.stderr).to.equal(0);
      const report = JSON.parse(result.stdout) as ProbeReport;
      expect(report.title).to.equal('@bulwark/example-notes-api');
      expect(failuresOf(report)).to.deep.equal([]);
      expect(statusOf(report, 'NotesController.update', 'authz.object-level')).to.equal('pass');
      const principals = raw['principals'] as Record<string, { token?: string; apiKey?: string }>;
      for (const secret of Object.values(principals).map((p) => p.token ?? p.apiKey ?? '')) {
        expect(result.stdout + result.stderr).to.not.include(secret);
      }
    });
  });
});
