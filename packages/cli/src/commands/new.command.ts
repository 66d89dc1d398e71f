import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, relative, resolve } from 'node:path';
import { CliError } from '../cli-error';
import { EXIT_CODES } from '../exit-codes';
import { localPackageSpecs } from '../scaffold/local-packages';
import {
  commandsOf,
  detectPackageManager,
  PACKAGE_MANAGERS,
  type PackageManager,
} from '../scaffold/package-manager';
import { writeApp } from '../scaffold/write-app';
import type { CliIo } from '../terminal/io';
import { oneOf, parseOptions } from '../terminal/parse-options';
import { startProgress } from '../terminal/progress';
import { styleFor } from '../terminal/style';
import type { Command } from './command';

const HELP = `Usage: bulwark new <dir> [options]
       npm create bulwark <dir> -- [options]

Creates a ready app in <dir>: controllers with @Authorize, @Validate, @RateLimit, @Audit
and @Public, a permissions file, DTOs, TypeORM entities, mocha + chai tests, a README,
.gitignore, tsconfig.json, .env.example (secrets blank, with the command that makes them)
and bulwark.config.js for the bulwark command.

Options:
      --db <db>                 sqlite (default) or postgres
      --rate-limit-store <s>    memory (default) or redis
      --name <name>             The package name (default: the folder name)
      --package-manager <pm>    npm, pnpm, yarn or bun (default: the one running this
                                command, else npm)
      --install                 Install the dependencies after writing the files
      --force                   Write into a folder that is not empty (files with the same
                                names are overwritten; others are kept)
      --local-packages <dir>    Take @bulwark/* from npm pack tarballs in <dir> instead of
                                the registry (to try unreleased versions)
  -h, --help                    Show this help

Exit codes: 0 created; 2 usage error; 4 the folder is not empty (give --force); 5 the
install failed (the files are written).
`;

/** `bulwark new`: scaffolds an app in the shape of the reference app. */
export const newCommand: Command = {
  name: 'new',
  summary: 'Create a new app (--db sqlite|postgres, --rate-limit-store memory|redis)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        db: { type: 'string' },
        'rate-limit-store': { type: 'string' },
        name: { type: 'string' },
        'package-manager': { type: 'string' },
        install: { type: 'boolean' },
        force: { type: 'boolean' },
        'local-packages': { type: 'string' },
      },
      1,
    );
    const dir = positionals[0];
    if (dir === undefined)
      throw new CliError(EXIT_CODES.USAGE, 'Name the folder: bulwark new <dir>.');
    const target = resolve(io.cwd, dir);
    const name =
      typeof values['name'] === 'string' ? values['name'] : packageName(basename(target));
    if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name)) {
      throw new CliError(EXIT_CODES.USAGE, `"${name}" is not a valid package name; give --name.`);
    }
    const manager: PackageManager =
      values['package-manager'] === undefined
        ? detectPackageManager(io.env)
        : oneOf(values['package-manager'], 'package-manager', PACKAGE_MANAGERS);
    checkTarget(target, values['force'] === true);
    const local = values['local-packages'];

    const written = await writeApp(target, {
      name,
      db: oneOf(values['db'], 'db', ['sqlite', 'postgres'] as const),
      rateLimitStore: oneOf(values['rate-limit-store'], 'rate-limit-store', [
        'memory',
        'redis',
      ] as const),
      commands: commandsOf(manager),
      bulwarkRange: `^${cliVersion()}`,
      localPackages: typeof local === 'string' ? localPackageSpecs(local, io.cwd) : {},
    });
    const style = styleFor(io.stdout, io.env);
    io.stdout.write(`${style.green('Created')} ${name} in ${target} (${written.length} files)\n`);
    if (values['install'] === true) await install(target, manager, io);

    const commands = commandsOf(manager);
    const cd = relative(io.cwd, target) || '.';
    const steps = [
      `cd ${cd}`,
      ...(values['install'] === true ? [] : [commands.install]),
      commands.start,
    ];
    io.stdout.write(`\nNext:\n${steps.map((s) => `  ${style.cyan(s)}`).join('\n')}\n`);
    return EXIT_CODES.OK;
  },
};

function packageName(folder: string): string {
  return folder
    .toLowerCase()
    .replace(/[^a-z0-9-._~]+/g, '-')
    .replace(/^[-._]+/, '');
}

function checkTarget(target: string, isForced: boolean): void {
  if (!existsSync(target)) return;
  if (!statSync(target).isDirectory()) {
    throw new CliError(EXIT_CODES.TARGET_NOT_EMPTY, `${target} exists and is not a folder.`);
  }
  const entries = readdirSync(target);
  if (entries.length > 0 && !isForced) {
    throw new CliError(
      EXIT_CODES.TARGET_NOT_EMPTY,
      `${target} is not empty (${entries.length} entries). Choose another folder or give --force.`,
    );
  }
}

function install(target: string, manager: PackageManager, io: CliIo): Promise<void> {
  const progress = startProgress(io.stderr, `Installing dependencies with ${manager}`);
  return new Promise((resolveInstall, reject) => {
    const child = spawn(manager, ['install'], {
      cwd: target,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env },
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-4000);
    });
    const fail = (why: string): void => {
      progress.fail('Install failed');
      reject(
        new CliError(
          EXIT_CODES.STEP_FAILED,
          `${manager} install ${why}; the files are written, run it yourself.\n${errors.trim()}`,
        ),
      );
    };
    child.once('error', (error) => fail(`could not start (${error.message})`));
    child.once('close', (code) => {
      if (code === 0) {
        progress.done('Installed dependencies');
        resolveInstall();
      } else fail(`exited with ${code}`);
    });
  });
}

function cliVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
