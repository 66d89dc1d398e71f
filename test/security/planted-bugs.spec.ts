import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOpenApi } from '@bulwark/openapi';
import { run } from '../../packages/cli/src/main';
import { parseProbeConfig } from '../../packages/cli/src/probe/config/probe-config';
import type { ProbeReport } from '../../packages/cli/src/probe/engine/run-probe';
import { runProbe } from '../../packages/cli/src/probe/engine/run-probe';
import { targetFromPolicies } from '../../packages/cli/src/probe/target/target-from-policies';
import {
  createPlantedNotesApp,
  type PlantedNotesApp,
} from './fixtures/planted-notes-api/planted-app';
import { prepareProbe } from './support/probe-principals';
import { failingRoutes, failuresOf, statusOf } from './support/probe-report';

/** The three planted bugs: the route each is on and the check that must catch it. */
const PLANTED = [
  ['AuthController.token', 'rate-limit.brute-force'],
  ['NotesController.update', 'authz.object-level'],
  ['ApiKeysController.create', 'input.unknown-properties'],
] as const;

async function startPlanted(): Promise<{
  planted: PlantedNotesApp;
  url: string;
  raw: Record<string, unknown>;
}> {
  const planted = await createPlantedNotesApp(1_000_000);
  const url = await planted.listen();
  const { config: raw } = await prepareProbe({
    url,
    dataSource: planted.context.dataSource,
    jwtSecret: planted.config.jwtSecret,
    tokenFor: async (username) => {
      const user = await planted.context.users.findOneByOrFail({ username });
      return planted.context.signer.sign({ sub: user.id, roles: [user.role] });
    },
  });
  return { planted, url, raw };
}

describe('bulwark probe against the reference app with planted bugs', function () {
  this.timeout(300_000);

  describe('runProbe from the compiled policies', () => {
    let planted: PlantedNotesApp;
    let report: ProbeReport;

    before(async () => {
      const started = await startPlanted();
      planted = started.planted;
      const parsed = parseProbeConfig(started.raw, {});
      if ('problems' in parsed) throw new Error(parsed.problems.join('\n'));
      report = await runProbe({
        target: await targetFromPolicies(planted.bulwark),
        config: parsed.config,
        baseUrl: started.url,
        allowWrites: true,
        maxRequests: 10_000,
        timeoutSeconds: 280,
      });
    });

    after(async () => {
      await planted.close();
    });

    it('fails on exactly the three routes with a planted bug', () => {
      expect(failingRoutes(report), failuresOf(report).join('\n')).to.have.members(
        PLANTED.map(([route]) => route),
      );
    });

    it('names the check that caught each bug, and no other check fails', () => {
      for (const [route, check] of PLANTED)
        expect(statusOf(report, route, check), `${route} ${check}`).to.equal('fail');
      expect(failuresOf(report)).to.have.length(PLANTED.length);
    });

    it('shows the evidence of each bug', () => {
      const failure = (routeId: string, check: string) =>
        report.routes.find((r) => r.id === routeId)?.checks.find((c) => c.check === check)
          ?.failures[0];

      expect(failure('NotesController.update', 'authz.object-level')?.evidence).to.deep.include({
        method: 'PUT',
        status: 200,
      });
      expect(failure('NotesController.update', 'authz.object-level')?.message).to.match(
        /^(eve|victor|reporter) on erin's Note/,
      );
      expect(failure('ApiKeysController.create', 'input.unknown-properties')?.message).to.include(
        'inside "options"',
      );
      expect(failure('AuthController.token', 'rate-limit.brute-force')?.message).to.match(
        /^20 attempts from one address were all served/,
      );
    });

    it('still passes the same checks on the routes the bugs left alone', () => {
      expect(statusOf(report, 'NotesController.remove', 'authz.object-level')).to.equal('pass');
      expect(statusOf(report, 'NotesController.one', 'authz.object-level')).to.equal('pass');
      expect(statusOf(report, 'NotesController.create', 'input.unknown-properties')).to.equal(
        'pass',
      );
      expect(statusOf(report, 'NotesController.create', 'rate-limit.exhaustion')).to.equal('pass');
    });
  });

  describe('the probe command on the planted copy’s OpenAPI document', () => {
    let planted: PlantedNotesApp;
    let folder: string;

    after(async () => {
      await planted?.close();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    it('exits 1 and its JSON report lists the same three routes', async () => {
      const started = await startPlanted();
      planted = started.planted;
      folder = mkdtempSync(join(tmpdir(), 'bulwark-probe-planted-'));
      writeFileSync(join(folder, 'principals.json'), JSON.stringify(started.raw));
      const document = generateOpenApi(planted.bulwark, {
        info: { title: 'planted', version: '0.0.0' },
      });
      writeFileSync(join(folder, 'openapi.json'), JSON.stringify(document));
      let stdout = '';
      let stderr = '';

      const code = await run(
        [
          'probe',
          '-a',
          'openapi.json',
          '-u',
          started.url,
          '-c',
          'principals.json',
          '--allow-writes',
          '-f',
          'json',
          '--max-burst',
          '40',
        ],
        {
          stdout: { write: (t: string) => (stdout += t) },
          stderr: { write: (t: string) => (stderr += t) },
          env: {},
          cwd: folder,
        },
      );

      expect(code, stderr).to.equal(1);
      const report = JSON.parse(stdout) as ProbeReport;
      expect(failingRoutes(report), failuresOf(report).join('\n')).to.have.members(
        PLANTED.map(([route]) => route),
      );
      const principals = started.raw['principals'] as Record<
        string,
        { token?: string; apiKey?: string }
      >;
      for (const secret of [
        planted.config.jwtSecret,
        ...Object.values(principals).map((p) => p.token ?? p.apiKey ?? ''),
      ]) {
        expect(stdout + stderr).to.not.include(secret);
      }
    });
  });
});
