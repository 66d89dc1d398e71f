import { expect } from 'chai';
import type { ProbeReport } from '../../../../src/probe/engine/run-probe';
import { formatJson, formatJunit, xml } from '../../../../src/probe/report/format-machine';
import { formatTable } from '../../../../src/probe/report/format-table';
import { styleFor } from '../../../../src/terminal/style';

const REPORT: ProbeReport = {
  title: 'Notes API',
  baseUrl: 'http://127.0.0.1:3000',
  startedAt: '2030-01-01T00:00:00.000Z',
  durationMs: 1234,
  requests: 42,
  allowWrites: false,
  notes: ['principal "x": no scheme of the app takes its credential.'],
  summary: { passed: 1, failed: 1, skipped: 1 },
  routes: [
    {
      id: 'NotesController.one',
      method: 'GET',
      path: '/notes/{id}',
      checks: [
        { check: 'authn.no-credentials', status: 'pass', passed: 3, failures: [], skipped: [] },
        {
          check: 'authz.object-level',
          status: 'fail',
          passed: 0,
          failures: [
            {
              message: 'eve on erin\'s Note n1: expected 404, got 200 <"&>',
              evidence: { method: 'GET', path: '/notes/n1', status: 200, principal: 'eve' },
            },
          ],
          skipped: [],
        },
        {
          check: 'authn.expired',
          status: 'skip',
          passed: 0,
          failures: [],
          skipped: ['needs "jwt.hmacSecret"'],
        },
      ],
    },
    {
      id: 'NotesController.create',
      method: 'POST',
      path: '/notes',
      skipped: 'needs --allow-writes',
      checks: [],
    },
  ],
};

describe('probe reports', () => {
  describe('formatTable', () => {
    it('lists every check of every route with its result and the totals', () => {
      const text = formatTable(REPORT, styleFor({}, {}));

      expect(text).to.include('bulwark probe Notes API at http://127.0.0.1:3000 (reads only)');
      expect(text).to.include('note: principal "x"');
      expect(text).to.match(/GET \/notes\/\{id\}\s+authn\.no-credentials\s+pass\s+3 attempts/);
      expect(text).to.match(
        /authz\.object-level\s+FAIL\s+eve on erin's Note n1.*\[GET \/notes\/n1 -> 200 as eve\]/,
      );
      expect(text).to.match(/authn\.expired\s+skip\s+needs "jwt\.hmacSecret"/);
      expect(text).to.match(/POST \/notes\s+\(all\)\s+skip\s+needs --allow-writes/);
      expect(text).to.include('Checks: 1 failed, 1 passed, 1 skipped. 42 requests in 1.2 s.');
    });
  });

  describe('formatJson', () => {
    it('keeps the whole report', () => {
      const parsed = JSON.parse(formatJson(REPORT)) as Record<string, unknown>;

      expect(parsed).to.deep.equal({ tool: 'bulwark probe', ...REPORT });
    });
  });

  describe('formatJunit', () => {
    it('makes one suite per route and one case per check, escaped', () => {
      const text = formatJunit(REPORT);

      expect(text).to.match(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="bulwark probe" tests="4" failures="1" skipped="2" time="1.234">/,
      );
      expect(text).to.include(
        '<testsuite name="GET /notes/{id}" id="NotesController.one" tests="3" failures="1" skipped="1">',
      );
      expect(text).to.include(
        '<testcase classname="NotesController.one" name="authn.no-credentials"></testcase>',
      );
      expect(text).to.include(
        '<failure message="eve on erin&apos;s Note n1: expected 404, got 200 &lt;&quot;&amp;&gt;">',
      );
      expect(text).to.include('<skipped message="needs &quot;jwt.hmacSecret&quot;"/>');
      expect(text).to.include('name="(all checks)"><skipped message="needs --allow-writes"/>');
    });

    it('drops characters XML cannot carry', () => {
      expect(xml('a\u0000b\u0007c\td')).to.equal('abc\td');
    });
  });
});
