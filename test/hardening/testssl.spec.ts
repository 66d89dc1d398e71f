import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createNotesApp, type NotesApp } from '@bulwark/example-notes-api';
import { expect } from 'chai';

/** Debian's `testssl.sh` package installs the script as `testssl`. */
function findTestssl(): string | null {
  for (const directory of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of ['testssl', 'testssl.sh']) {
      const candidate = join(directory, name);
      if (directory.length > 0 && existsSync(candidate)) return candidate;
    }
  }
  return null;
}

interface Finding {
  readonly id: string;
  readonly severity: string;
  readonly finding: string;
}

function runTestssl(binary: string, args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, [...args], { timeout: 240_000 }, (error) =>
      // testssl exits non-zero when it found something worth a warning; the JSON says what.
      error !== null && (error as { killed?: boolean }).killed === true ? reject(error) : resolve(),
    );
  });
}

const binary = findTestssl();
if (binary === null) {
  (globalThis as { __bulwarkSkipped?: Set<string> }).__bulwarkSkipped?.add(
    'test/hardening/testssl.spec.ts: testssl.sh is not installed (Debian package "testssl.sh")',
  );
}
const suite = binary === null ? describe.skip : describe;

suite(
  `testssl.sh against the reference app over TLS${binary === null ? ' (skipped: testssl.sh not installed)' : ''}`,
  function () {
    this.timeout(300_000);
    let notes: NotesApp;
    let directory: string;
    let findings: Finding[];

    before(async () => {
      notes = await createNotesApp({
        config: {
          port: 0,
          host: '127.0.0.1',
          sqlitePath: ':memory:',
          databaseUrl: null,
          shouldSeed: false,
          tls: { developmentCertificate: true },
        },
      });
      const { url } = await notes.listen();
      directory = await mkdtemp(join(tmpdir(), 'bulwark-testssl-'));
      const report = join(directory, 'report.json');
      const { host } = new URL(url);
      await runTestssl(binary as string, [
        '--quiet',
        '--color',
        '0',
        '--warnings',
        'off',
        '--sneaky',
        '--jsonfile',
        report,
        '--protocols',
        '--std',
        '--fs',
        '--renegotiation',
        '--crime',
        host,
      ]);
      findings = JSON.parse(await readFile(report, 'utf8')) as Finding[];
    });

    after(async () => {
      await notes?.close();
      if (directory !== undefined) await rm(directory, { recursive: true, force: true });
    });

    const finding = (id: string): string => findings.find((f) => f.id === id)?.finding ?? 'missing';

    it('finds no protocol older than TLS 1.2', () => {
      for (const id of ['SSLv2', 'SSLv3', 'TLS1', 'TLS1_1'])
        expect(finding(id), id).to.equal('not offered');
      expect(finding('TLS1_2')).to.equal('offered');
      expect(finding('TLS1_3')).to.match(/^offered/);
    });

    it('finds no weak cipher category offered', () => {
      for (const id of [
        'cipherlist_NULL',
        'cipherlist_aNULL',
        'cipherlist_EXPORT',
        'cipherlist_LOW',
        'cipherlist_3DES_IDEA',
        'cipherlist_AVERAGE',
      ]) {
        expect(finding(id), id).to.equal('not offered');
      }
      expect(finding('cipherlist_STRONG')).to.equal('offered');
    });

    it('finds forward secrecy, no client renegotiation and no TLS compression', () => {
      expect(finding('PFS')).to.equal('offered');
      expect(finding('secure_client_renego')).to.equal('not vulnerable');
      expect(finding('CRIME_TLS')).to.equal('not vulnerable');
    });

    it('rates nothing medium, high or critical', () => {
      const serious = findings.filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));

      expect(serious).to.deep.equal([]);
    });
  },
);
