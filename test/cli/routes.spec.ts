import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulwark, buildCli, FIXTURE_APP, NOTES_APP } from './support/cli';

const ESCAPE = '\u001b[';

describe('bulwark routes (binary)', function () {
  this.timeout(300_000);

  before(async () => {
    await buildCli();
  });

  context('when run on the reference app', () => {
    it('prints one row per route with schemes, permission, loader, limits, DTO and audit', async () => {
      const result = await bulwark(['routes'], { cwd: NOTES_APP });
      expect(result.code).to.equal(0);
      const lines = result.stdout.split('\n');
      const row = (start: string): string => lines.find((line) => line.startsWith(start)) ?? '';
      expect(row('POST    /notes ')).to.match(
        /bearer.*\s+create Note\s+-\s+.+body: CreateNoteInput\s+note\.create/,
      );
      expect(row('PUT     /notes/:id')).to.match(/update Note\s+load\s/);
      expect(row('POST    /auth/token')).to.match(/public.*body: LoginInput\s+auth\.login/);
      expect(result.stdout).to.include('login: 10/1m by ip (fixed-window)');
      expect(lines.some((line) => /roles: admin/.test(line))).to.equal(true);
      expect(result.stdout).to.not.include(ESCAPE);
    });

    it('gives the same facts as data with --format json', async () => {
      const result = await bulwark(['routes', '--format', 'json'], { cwd: NOTES_APP });
      expect(result.code).to.equal(0);
      const { rows } = JSON.parse(result.stdout);
      const create = rows.find((r: any) => r.id === 'NotesController.create');
      expect(create).to.deep.include({
        method: 'POST',
        path: '/notes',
        access: 'protected',
        permission: 'create Note',
        loader: null,
        audit: 'note.create',
        isMutating: true,
      });
      expect(create.schemes).to.include('bearer');
      expect(create.validation).to.deep.equal(['body: CreateNoteInput']);
      expect(create.rateLimits).to.include('notes-create: 30/1m by principal (fixed-window)');
      const admin = rows.find((r: any) => r.id === 'UsersController.users');
      expect(admin.roles).to.deep.equal(['admin']);
    });

    it('adds the access matrix with allowed, conditional and denied cells', async () => {
      const result = await bulwark(['routes', '--matrix', '--format', 'json'], { cwd: NOTES_APP });
      expect(result.code).to.equal(0);
      const report = JSON.parse(result.stdout);
      expect(report.matrix.columns).to.deep.equal([
        'anonymous',
        'role:admin',
        'role:editor',
        'role:viewer',
      ]);
      const cells = (path: string, method: string) =>
        report.matrix.rows.find((r: any) => r.path === path && r.method === method).cells;
      expect(cells('/notes/:id', 'PUT')).to.deep.equal({
        anonymous: 'denied',
        'role:admin': 'allowed',
        'role:editor': 'conditional',
        'role:viewer': 'denied',
      });
      expect(cells('/admin/users', 'GET')['role:editor']).to.equal('denied');
      expect(cells('/health', 'GET').anonymous).to.equal('allowed');
    });

    it('passes --strict: every mutating route is audited and every public write is limited', async () => {
      const result = await bulwark(['routes', '--strict'], { cwd: NOTES_APP });
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('strict: every route passes');
    });

    it('renders Markdown tables', async () => {
      const result = await bulwark(['routes', '--format', 'markdown', '--matrix'], {
        cwd: NOTES_APP,
      });
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('| METHOD | PATH | SCHEMES |');
      expect(result.stdout).to.include('## Access matrix');
      expect(result.stdout).to.match(/\| POST \| \/notes \| bearer[^|]* \| create Note \|/);
    });

    it('writes one self-contained HTML page to --out', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'bulwark-routes-'));
      try {
        const file = join(dir, 'routes.html');
        const result = await bulwark(['routes', '--format', 'html', '--matrix', '--out', file], {
          cwd: NOTES_APP,
        });
        expect(result.code).to.equal(0);
        expect(result.stdout).to.equal('');
        const html = readFileSync(file, 'utf8');
        expect(html).to.match(/^<!doctype html>/);
        expect(html).to.include('<td class="conditional">conditional</td>');
        expect(html).to.not.match(/<script|<link|src=|href=/i);
        expect(html).to.include("default-src 'none'");
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('colours the table when FORCE_COLOR asks for it', async () => {
      const result = await bulwark(['routes'], { cwd: NOTES_APP, env: { FORCE_COLOR: '1' } });
      expect(result.stdout).to.include(ESCAPE);
    });
  });

  context('when run on an app with unfinished routes', () => {
    it('fails --strict with exit 1 and names each problem', async () => {
      const result = await bulwark(['routes', '--strict', '--format', 'json'], {
        cwd: FIXTURE_APP,
      });
      expect(result.code).to.equal(1);
      const { violations } = JSON.parse(result.stdout);
      const problems = violations.map((v: any) => `${v.problem} ${v.route}`);
      expect(problems).to.have.members([
        'unprotected POST /auth/login',
        'unaudited POST /auth/login',
        'unprotected POST /guestbook',
        'unaudited POST /guestbook',
        'unaudited POST /things',
        'no-policy GET /things/forgotten',
      ]);
    });

    it('shows a route without a policy as denied to everyone', async () => {
      const result = await bulwark(['routes', '--matrix'], { cwd: FIXTURE_APP });
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('DENY ALL (no policy)');
      expect(result.stdout).to.match(/GET \/things\/forgotten\s+denied\s+denied\s+denied\s+denied/);
      expect(result.stdout).to.match(/POST \/things\s+denied\s+allowed\s+denied\s+allowed/);
    });

    it('exits 3 and says why when the app fails to start', async () => {
      const result = await bulwark(['routes', '--config', 'missing.config.js'], {
        cwd: FIXTURE_APP,
      });
      expect(result.code).to.equal(3);
      expect(result.stderr).to.include('No config file at');
    });
  });
});
