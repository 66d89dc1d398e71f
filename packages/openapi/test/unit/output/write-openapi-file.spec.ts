import { expect } from 'chai';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeOpenApi, writeOpenApiDocument, writeOpenApiFile } from '@bulwark/openapi';
import type { BulwarkApp } from '@bulwark/routing-controllers';
import { fixtureApp, codeOfAsync } from '../../support/fixtures';

const info = { title: 'Items', version: '3.1.4' };

describe('writeOpenApiFile', () => {
  let app: BulwarkApp;
  let folder: string;

  before(async () => {
    app = fixtureApp();
    folder = await mkdtemp(join(tmpdir(), 'bulwark-openapi-'));
  });

  after(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes the document as JSON, creating folders, and leaves no temporary file', async () => {
    const file = join(folder, 'nested', 'openapi.json');
    const document = await writeOpenApiFile(app, file, { info });
    const text = await readFile(file, 'utf8');
    expect(text).to.equal(serializeOpenApi(document));
    expect(JSON.parse(text).info).to.deep.equal(info);
    expect(await readdir(join(folder, 'nested'))).to.deep.equal(['openapi.json']);
  });

  it('refuses a path that is not .json', async () => {
    expect(
      await codeOfAsync(() => writeOpenApiFile(app, join(folder, 'openapi.yaml'), { info })),
    ).to.equal('ERR_CONFIG_INVALID');
  });

  it('leaves an existing file untouched when the document cannot be generated', async () => {
    const file = join(folder, 'kept.json');
    await writeFile(file, 'previous');
    expect(
      await codeOfAsync(() => writeOpenApiFile(app, file, { info: { title: '', version: '' } })),
    ).to.equal('ERR_CONFIG_INVALID');
    expect(await readFile(file, 'utf8')).to.equal('previous');
  });

  it('removes its temporary file when the rename fails', async () => {
    const target = join(folder, 'taken.json');
    await rm(target, { recursive: true, force: true });
    // A folder in the way makes the rename fail.
    await mkdir(target);
    let failed = false;
    await writeOpenApiFile(app, target, { info }).catch(() => {
      failed = true;
    });
    expect(failed).to.equal(true);
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).to.deep.equal([]);
  });
});

describe('writeOpenApiDocument', () => {
  let app: BulwarkApp;
  let folder: string;

  before(async () => {
    app = fixtureApp();
    folder = await mkdtemp(join(tmpdir(), 'bulwark-openapi-cli-'));
  });

  after(async () => {
    await app.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('takes the title and version from the package.json of the project folder or above', async () => {
    await writeFile(
      join(folder, 'package.json'),
      JSON.stringify({ name: 'my-api', version: '0.9.0' }),
    );
    await mkdir(join(folder, 'src'), { recursive: true });
    const document = await writeOpenApiDocument(join(folder, 'out', 'openapi.json'), {
      bulwark: app,
      projectRoot: join(folder, 'src'),
    });
    expect(document.info).to.deep.equal({ title: 'my-api', version: '0.9.0' });
  });

  it('uses the given options over the package', async () => {
    const document = await writeOpenApiDocument(join(folder, 'given.json'), {
      bulwark: app,
      options: { info },
    });
    expect(document.info).to.deep.equal(info);
  });

  it('refuses an app handle without settings', async () => {
    const handle = { bulwark: { policies: app.policies } };
    expect(await codeOfAsync(() => writeOpenApiDocument(join(folder, 'x.json'), handle))).to.equal(
      'ERR_CONFIG_INVALID',
    );
  });

  it('refuses when no package.json names the API', async () => {
    const bare = await mkdtemp(join(tmpdir(), 'bulwark-openapi-bare-'));
    try {
      await writeFile(join(bare, 'package.json'), JSON.stringify({ private: true }));
      // Walks up to the file-system root; the temporary folder's parents name no package.
      const code = await codeOfAsync(() =>
        writeOpenApiDocument(join(bare, 'openapi.json'), { bulwark: app, projectRoot: bare }),
      );
      expect(code).to.equal('ERR_CONFIG_INVALID');
    } finally {
      await rm(bare, { recursive: true, force: true });
    }
  });
});
