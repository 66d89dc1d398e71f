import { expect } from 'chai';
import { inspectResponse, leaksIn } from '../../../../src/probe/checks/response-inspection';
import type { ProbeResponse } from '../../../../src/probe/http/scoped-client';

const SAFE = {
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none';frame-ancestors 'none'",
  'cache-control': 'no-store',
};

function answer(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): ProbeResponse {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: { ...SAFE, 'content-type': 'application/problem+json', ...headers },
    text,
    json: typeof body === 'string' ? undefined : body,
  };
}

const CONTEXT = { hasCredential: true, isTls: false, sent: [] as string[] };

describe('inspectResponse', () => {
  it('finds nothing wrong in a problem document with the security headers', () => {
    const found = inspectResponse(
      answer(404, { status: 404, code: 'ERR_NOT_FOUND', detail: 'No such resource.' }),
      CONTEXT,
    );

    expect(found).to.deep.equal({ leaks: '', problemFormat: '', headers: '' });
  });

  it('does not judge the body of a successful answer', () => {
    const found = inspectResponse(
      answer(200, 'SELECT * FROM notes', { 'content-type': 'text/plain' }),
      CONTEXT,
    );

    expect(found.leaks).to.equal(null);
    expect(found.problemFormat).to.equal(null);
  });

  context('when an error body leaks internals', () => {
    for (const [leak, kind] of [
      ['Error: x\n    at Repo.find (/srv/app/dist/repo.js:10:3)', 'a stack trace'],
      ['{"stack":"Error"}', 'a "stack" member'],
      ['QueryFailedError: SQLITE_ERROR: near "x": syntax error', 'a database error'],
      ['failed: SELECT "note"."id" FROM "notes_notes" "note" WHERE x', 'an SQL statement'],
      ['cannot open /home/deploy/app/config.json', 'a server file path'],
      ['at C:\\Users\\build\\app', 'a server file path'],
      ['loaded from node_modules/typeorm/index.js', 'a source location'],
    ]) {
      it(`reports ${kind}`, () => {
        expect(leaksIn(String(leak), [])).to.include(String(kind));
      });
    }

    it('reads prose that mentions updates and deletions as prose', () => {
      expect(leaksIn('You may not update this note or delete it from the list.', [])).to.equal('');
    });

    it('ignores the probe’s own strings echoed back', () => {
      const sent = ["probe'; DROP TABLE x; SELECT 1 FROM y WHERE 1 -- "];

      expect(leaksIn(`No note named ${sent[0]}`, sent)).to.equal('');
    });
  });

  it('reports an error that is not a problem document, or whose status disagrees', () => {
    expect(
      inspectResponse(answer(500, 'oops', { 'content-type': 'text/html' }), CONTEXT).problemFormat,
    ).to.match(/not application\/problem\+json/);
    expect(
      inspectResponse(answer(400, { status: 422, code: 'X' }), CONTEXT).problemFormat,
    ).to.match(/status 422/);
    expect(inspectResponse(answer(400, { status: 400 }), CONTEXT).problemFormat).to.match(
      /no "code"/,
    );
  });

  it('reports missing security headers', () => {
    const bare = { status: 200, headers: { 'x-powered-by': 'Express' }, text: '', json: undefined };

    const found = inspectResponse(bare, { ...CONTEXT, isTls: true }).headers;

    expect(found).to.include('X-Content-Type-Options');
    expect(found).to.include('framing is not refused');
    expect(found).to.include('X-Powered-By: Express');
    expect(found).to.include('no-store');
    expect(found).to.include('Strict-Transport-Security');
  });

  it('accepts X-Frame-Options instead of frame-ancestors and no cache header without credentials', () => {
    const headers = { 'x-content-type-options': 'nosniff', 'x-frame-options': 'SAMEORIGIN' };

    const found = inspectResponse(
      { status: 200, headers, text: '', json: undefined },
      { ...CONTEXT, hasCredential: false },
    );

    expect(found.headers).to.equal('');
  });
});
