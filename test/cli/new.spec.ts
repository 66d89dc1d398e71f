import { expect } from 'chai';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulwark, buildCli, ROOT, runNode } from './support/cli';

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('bulwark new (binary)', function () {
  this.timeout(300_000);
  let dir: string;

  before(async () => {
    await buildCli();
  });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bulwark-new-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a complete SQLite and in-memory app by default', async () => {
    const result = await bulwark(['new', 'my-api'], { cwd: dir });
    expect(result.code).to.equal(0);
    const app = join(dir, 'my-api');
    for (const file of [
      'package.json',
      'README.md',
      '.gitignore',
      '.env.example',
      '.mocharc.json',
      'tsconfig.json',
      'bulwark.config.js',
      'src/app.ts',
      'src/permissions.ts',
      'src/data-source.ts',
      'src/rate-limiter.ts',
      'src/controllers/tasks.controller.ts',
      'src/dto/task.dto.ts',
      'src/entities/task.entity.ts',
      'test/app.spec.ts',
    ]) {
      expect(existsSync(join(app, file)), file).to.equal(true);
    }
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest.name).to.equal('my-api');
    expect(manifest.dependencies).to.have.property('better-sqlite3');
    expect(manifest.dependencies).to.not.have.property('pg');
    expect(readFileSync(join(app, 'src/data-source.ts'), 'utf8')).to.include(
      "type: 'better-sqlite3'",
    );
    expect(readFileSync(join(app, 'src/rate-limiter.ts'), 'utf8')).to.include("store: 'memory'");
    const controller = readFileSync(join(app, 'src/controllers/tasks.controller.ts'), 'utf8');
    for (const decorator of ['@Authorize(', '@Validate(', '@RateLimit(', '@Audit('])
      expect(controller).to.include(decorator);
    const readme = readFileSync(join(app, 'README.md'), 'utf8');
    expect(readme).to.include('```sh\nnpm install\nnpm start\n```');
    expect(result.stdout).to.include('npm install\n  npm start');
    for (const file of allFiles(app))
      expect(readFileSync(file, 'utf8'), file).to.not.include('__APP_NAME__');
    expect(existsSync(join(app, 'src/data-source.postgres.ts'))).to.equal(false);
  });

  it('leaves every secret blank in .env.example and says how to make one', async () => {
    await bulwark(['new', 'app'], { cwd: dir });
    const example = readFileSync(join(dir, 'app', '.env.example'), 'utf8');
    expect(example).to.match(/^JWT_SECRET=$/m);
    expect(example).to.include('openssl rand -base64 48');
    expect(readFileSync(join(dir, 'app', '.gitignore'), 'utf8')).to.match(/^\.env$/m);
  });

  it('writes the PostgreSQL and Redis variant when asked', async () => {
    const result = await bulwark(
      ['new', 'scaled', '--db', 'postgres', '--rate-limit-store', 'redis'],
      { cwd: dir },
    );
    expect(result.code).to.equal(0);
    const app = join(dir, 'scaled');
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest.dependencies).to.include.keys('pg', 'ioredis');
    expect(manifest.dependencies).to.not.have.property('better-sqlite3');
    expect(readFileSync(join(app, 'src/data-source.ts'), 'utf8')).to.include("type: 'postgres'");
    expect(readFileSync(join(app, 'src/rate-limiter.ts'), 'utf8')).to.include("store: 'redis'");
    const example = readFileSync(join(app, '.env.example'), 'utf8');
    expect(example).to.match(/^DATABASE_URL=postgres:\/\//m);
    expect(example).to.match(/^REDIS_URL=redis:\/\//m);
  });

  it('uses the package manager that runs it', async () => {
    const result = await bulwark(['new', 'app'], {
      cwd: dir,
      env: { npm_config_user_agent: 'pnpm/9.12.0 npm/? node/v20.20.2 linux x64' },
    });
    expect(result.code).to.equal(0);
    expect(readFileSync(join(dir, 'app', 'README.md'), 'utf8')).to.include(
      '```sh\npnpm install\npnpm start\n```',
    );
    expect(result.stdout).to.include('pnpm install');
  });

  it('refuses a folder that is not empty with exit 4 and writes nothing', async () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const result = await bulwark(['new', 'taken'], { cwd: dir });
    expect(result.code).to.equal(4);
    expect(result.stderr).to.include('is not empty');
    expect(readdirSync(target)).to.deep.equal(['notes.txt']);
  });

  it('writes into a folder that is not empty with --force and keeps other files', async () => {
    const target = join(dir, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'notes.txt'), 'mine');
    const result = await bulwark(['new', 'taken', '--force'], { cwd: dir });
    expect(result.code).to.equal(0);
    expect(readFileSync(join(target, 'notes.txt'), 'utf8')).to.equal('mine');
    expect(existsSync(join(target, 'src', 'app.ts'))).to.equal(true);
  });

  it('refuses an unknown database with exit 2', async () => {
    const result = await bulwark(['new', 'app', '--db', 'mongodb'], { cwd: dir });
    expect(result.code).to.equal(2);
    expect(existsSync(join(dir, 'app'))).to.equal(false);
  });

  it('refuses a missing folder argument with exit 2', async () => {
    const result = await bulwark(['new'], { cwd: dir });
    expect(result.code).to.equal(2);
  });

  it('creates the same app through create-bulwark', async () => {
    const bin = join(ROOT, 'packages', 'create-bulwark', 'bin', 'create-bulwark.js');
    const result = await runNode(bin, ['via-create', '--db', 'postgres'], { cwd: dir });
    expect(result.code).to.equal(0);
    expect(readFileSync(join(dir, 'via-create', 'src', 'data-source.ts'), 'utf8')).to.include(
      "type: 'postgres'",
    );
  });
});
