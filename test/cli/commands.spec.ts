import { expect } from 'chai';
import { bulwark, buildCli, runNode, ROOT } from './support/cli';
import { join } from 'node:path';

const COMMANDS = ['new', 'routes', 'doctor', 'openapi', 'audit verify'];

describe('bulwark (binary)', function () {
  this.timeout(300_000);

  before(async () => {
    await buildCli();
  });

  describe('--help', () => {
    it('lists every command and the exit codes', async () => {
      const result = await bulwark(['--help']);
      expect(result.code).to.equal(0);
      for (const name of COMMANDS) expect(result.stdout).to.include(`  ${name}`);
      expect(result.stdout).to.include('Exit codes');
    });

    for (const name of COMMANDS) {
      it(`prints the usage of "${name}" and exits 0`, async () => {
        const result = await bulwark([...name.split(' '), '--help']);
        expect(result.code).to.equal(0);
        expect(result.stdout).to.include(`Usage: bulwark ${name}`);
        expect(result.stdout).to.include('Exit codes');
      });
    }
  });

  describe('usage errors', () => {
    it('exits 2 with the overview when no command is given', async () => {
      const result = await bulwark([]);
      expect(result.code).to.equal(2);
      expect(result.stdout).to.include('Usage: bulwark <command>');
    });

    it('exits 2 on an unknown command', async () => {
      const result = await bulwark(['deploy']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include('Unknown command "deploy"');
    });

    it('exits 2 on an unknown option and names it', async () => {
      const result = await bulwark(['routes', '--colour']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include("'--colour'");
      expect(result.stderr).to.include('bulwark routes --help');
    });

    it('exits 2 on a value outside the allowed words', async () => {
      const result = await bulwark(['routes', '--format', 'pdf']);
      expect(result.code).to.equal(2);
      expect(result.stderr).to.include('--format must be one of: table, json, markdown, html');
    });

    it('exits 3 when the folder has no bulwark.config', async () => {
      const result = await bulwark(['routes', '--cwd', join(ROOT, 'docs')]);
      expect(result.code).to.equal(3);
      expect(result.stderr).to.include('No bulwark.config.js');
    });
  });

  it('prints its version', async () => {
    const result = await bulwark(['--version']);
    expect(result.code).to.equal(0);
    expect(result.stdout.trim()).to.match(/^\d+\.\d+\.\d+/);
  });

  describe('create-bulwark', () => {
    it('prints the usage of bulwark new for --help', async () => {
      const bin = join(ROOT, 'packages', 'create-bulwark', 'bin', 'create-bulwark.js');
      const result = await runNode(bin, ['--help']);
      expect(result.code).to.equal(0);
      expect(result.stdout).to.include('Usage: bulwark new <dir>');
    });
  });
});
