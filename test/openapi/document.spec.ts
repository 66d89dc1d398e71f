import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenApiDocument } from '@bulwark/openapi';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { EXCEPTIONS, lintOpenApi, type Finding } from './support/lint';

const GUIDE = readFileSync(join(__dirname, '../../docs/openapi.md'), 'utf8');

/** The rule codes a section of docs/openapi.md lists in its table (first column). */
function documentedRules(heading: string): Set<string> {
  const section = GUIDE.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return new Set([...section.matchAll(/^\| `([a-z0-9:-]+)` \|/gm)].map((m) => m[1] as string));
}

const describeFindings = (findings: readonly Finding[]): string =>
  findings.map((f) => `${f.rule} at ${f.path.join('/')}: ${f.message}`).join('\n');

describe('the reference app’s OpenAPI document', function () {
  this.timeout(60_000);
  let app: RunningNotesApp;
  let document: OpenApiDocument;

  before(async () => {
    app = await startNotesApp();
    document = app.notes.openapi;
  });

  after(async () => {
    await app.close();
  });

  it('is valid OpenAPI 3.1 for swagger-parser, references included', async () => {
    const validated = await SwaggerParser.validate(structuredClone(document) as never);
    expect((validated as { openapi: string }).openapi).to.equal('3.1.0');
  });

  it('passes Spectral’s OWASP and OpenAPI rules with no error beyond the documented exceptions', async () => {
    const { errors, excepted } = await lintOpenApi(document);
    expect(errors, describeFindings(errors)).to.deep.equal([]);
    // The sign-in route, the absent CORS policy and the client-credentials flow (no refresh token)
    // are the only excepted findings.
    expect([...new Set(excepted.map((f) => f.rule))].sort()).to.deep.equal([
      'owasp:api2:2023-short-lived-access-tokens',
      'owasp:api2:2023-write-restricted',
      'owasp:api8:2023-define-cors-origin',
    ]);
    expect(
      new Set(excepted.filter((f) => f.rule.includes('write')).map((f) => f.path[1])),
    ).to.deep.equal(new Set(['/auth/token']));
  });

  it('leaves only warnings docs/openapi.md lists with a reason', async () => {
    const { warnings } = await lintOpenApi(document);
    const listed = documentedRules('Warnings left');
    const unlisted = warnings.filter((w) => !listed.has(w.rule));
    expect(unlisted, describeFindings(unlisted)).to.deep.equal([]);
  });

  it('documents every exception in docs/openapi.md', () => {
    const listed = documentedRules('Exceptions');
    expect([...listed].sort()).to.deep.equal(EXCEPTIONS.map((e) => e.rule).sort());
  });

  it('still fails the lint when a body string loses its bound', async () => {
    const weakened = structuredClone(document);
    const title = (weakened.components.schemas.CreateNoteInput as any).properties.title;
    delete title.maxLength;
    const { errors } = await lintOpenApi(weakened);
    expect(errors.map((e) => e.rule)).to.include('owasp:api4:2023-string-limit');
  });

  context('when the app allows cross-origin browsers', () => {
    it('documents Access-Control-Allow-Origin and needs no CORS exception', async () => {
      const withCors = await startNotesApp({
        bulwark: { cors: { origins: ['https://notes.example.com'] } },
      });
      try {
        const { errors, excepted } = await lintOpenApi(withCors.notes.openapi);
        expect(errors, describeFindings(errors)).to.deep.equal([]);
        expect(excepted.map((f) => f.rule)).to.not.include('owasp:api8:2023-define-cors-origin');
        expect(withCors.notes.openapi.components.headers).to.have.property(
          'Access-Control-Allow-Origin',
        );
      } finally {
        await withCors.close();
      }
    });
  });
});
