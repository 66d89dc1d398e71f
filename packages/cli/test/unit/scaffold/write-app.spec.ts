import { expect } from 'chai';
import { packageJson, type ScaffoldOptions } from '../../../src/scaffold/app-files';
import { commandsOf, detectPackageManager } from '../../../src/scaffold/package-manager';
import { targetPath } from '../../../src/scaffold/write-app';

const options: ScaffoldOptions = {
  name: 'my-api',
  db: 'postgres',
  rateLimitStore: 'memory',
  commands: commandsOf('npm'),
  bulwarkRange: '^0.1.0',
  localPackages: {},
};

describe('targetPath', () => {
  it('keeps the chosen variant under its plain name and drops the other', () => {
    expect(targetPath('src/data-source.postgres.ts', options)).to.equal('src/data-source.ts');
    expect(targetPath('src/data-source.sqlite.ts', options)).to.equal(null);
    expect(targetPath('src/rate-limiter.memory.ts', options)).to.equal('src/rate-limiter.ts');
    expect(targetPath('src/rate-limiter.redis.ts', options)).to.equal(null);
  });

  it('turns _name files into dotfiles', () => {
    expect(targetPath('_gitignore', options)).to.equal('.gitignore');
    expect(targetPath('src/app.ts', options)).to.equal('src/app.ts');
  });
});

describe('packageJson', () => {
  it('pins @bulwark packages to local tarballs and overrides their transitive copies', () => {
    const manifest = JSON.parse(
      packageJson({
        ...options,
        localPackages: { '@bulwark/core': 'file:/p/bulwark-core-0.1.0.tgz' },
      }),
    );
    expect(manifest.dependencies['@bulwark/core']).to.equal('file:/p/bulwark-core-0.1.0.tgz');
    expect(manifest.dependencies['@bulwark/auth']).to.equal('^0.1.0');
    expect(manifest.overrides).to.deep.equal({ '@bulwark/core': 'file:/p/bulwark-core-0.1.0.tgz' });
    expect(manifest.dependencies.pg).to.be.a('string');
  });
});

describe('detectPackageManager', () => {
  it('reads the user agent of the package manager that started the command', () => {
    expect(detectPackageManager({ npm_config_user_agent: 'yarn/4.1.0 npm/? node/v20' })).to.equal(
      'yarn',
    );
    expect(detectPackageManager({ npm_config_user_agent: 'bun/1.1.0' })).to.equal('bun');
    expect(detectPackageManager({ npm_config_user_agent: 'deno/2' })).to.equal('npm');
    expect(detectPackageManager({})).to.equal('npm');
  });
});
