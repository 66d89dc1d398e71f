import type { Severity } from './finding';

/** One published advisory against a package Bulwark's security rests on. */
export interface Advisory {
  readonly id: string;
  readonly severity: Exclude<Severity, 'info'>;
  readonly summary: string;
  /** The first affected version, when the advisory does not reach back to the start. */
  readonly introduced?: string;
  /** The first fixed version of each release line that got a fix. */
  readonly fixed: readonly string[];
}

/**
 * The minimum-safe-version table Bulwark ships, used by `bulwark doctor` when `npm audit` is not
 * answered (an offline machine, or a registry that does not serve the audit endpoint). It covers
 * the packages Bulwark's guarantees depend on: validation, transformation, authorization,
 * parsing, routing, persistence, tokens and the web framework.
 *
 * A version is vulnerable to an advisory when it is at or above `introduced` and below the fix
 * of its own release line; a line that never got a fix is vulnerable when it is older than the
 * newest fix (its only way out is a newer line).
 *
 * Limitation: the table is as current as the installed `@bulwark/cli`; advisories published
 * later are not in it. `npm audit` (tried first) has no such lag, and the project's dependency
 * update bot keeps the CLI itself current. Transitive packages outside this list are checked
 * only by `npm audit`.
 */
export const SAFE_VERSION_TABLE: Readonly<Record<string, readonly Advisory[]>> = Object.freeze({
  'class-validator': [
    {
      id: 'CVE-2019-18413 (GHSA-fj58-h2fr-3pp2)',
      severity: 'high',
      summary: 'validation can be bypassed; forbidUnknownValues defaults to true only from 0.14.0',
      fixed: ['0.14.0'],
    },
  ],
  'class-transformer': [
    {
      id: 'CVE-2020-7637 (GHSA-6gp3-h3jj-prx4)',
      severity: 'medium',
      summary: 'prototype pollution through classToPlainFromExist',
      fixed: ['0.3.1'],
    },
  ],
  '@casl/ability': [
    {
      id: 'CVE-2026-1774 (GHSA-j3qh-pxxh-hxhp)',
      severity: 'high',
      summary: 'prototype pollution through unsanitized rules can bypass permission checks',
      fixed: ['6.7.5'],
    },
  ],
  qs: [
    {
      id: 'CVE-2022-24999 (GHSA-hrpp-h998-j3pp)',
      severity: 'high',
      summary: 'prototype pollution through the query string parser',
      fixed: ['6.2.4', '6.3.3', '6.4.1', '6.5.3', '6.6.1', '6.7.3', '6.8.3', '6.9.7', '6.10.3'],
    },
    {
      id: 'CVE-2025-15284 (GHSA-6rw7-vpxm-498p)',
      severity: 'high',
      summary: 'arrayLimit bypass in bracket notation exhausts memory',
      fixed: ['6.14.1'],
    },
    {
      id: 'CVE-2026-2391 (GHSA-w7fw-mjwx-w883)',
      severity: 'low',
      summary: 'arrayLimit bypass in comma parsing',
      introduced: '6.7.0',
      fixed: ['6.14.2'],
    },
    {
      id: 'GHSA-x5fp-wj9c-mxmx',
      severity: 'medium',
      summary: 'arrayLimit bypass with bracket keys and comma parsing',
      fixed: ['6.16.0'],
    },
  ],
  'body-parser': [
    {
      id: 'CVE-2024-45590 (GHSA-qwcr-r2fm-qrc7)',
      severity: 'high',
      summary: 'denial of service when URL encoding is enabled',
      fixed: ['1.20.3'],
    },
    {
      id: 'CVE-2025-13466 (GHSA-wqch-xfxh-vrr4)',
      severity: 'medium',
      summary: 'denial of service when URL encoding is used',
      introduced: '2.2.0',
      fixed: ['2.2.1'],
    },
    {
      id: 'GHSA-v422-hmwv-36x6',
      severity: 'low',
      summary: 'low-severity flaw, fixed on both release lines',
      fixed: ['1.20.6', '2.3.0'],
    },
  ],
  'path-to-regexp': [
    {
      id: 'CVE-2024-45296 (GHSA-9wv6-86v2-598j)',
      severity: 'high',
      summary: 'backtracking regular expressions (ReDoS)',
      fixed: ['0.1.10', '1.9.0', '3.3.0', '6.3.0', '8.0.0'],
    },
    {
      id: 'CVE-2024-52798 (GHSA-rhx6-c78j-4q9w)',
      severity: 'high',
      summary: 'ReDoS left in the 0.1.x line',
      fixed: ['0.1.12'],
    },
    {
      id: 'CVE-2026-4867 (GHSA-37ch-88jc-xwx2)',
      severity: 'high',
      summary: 'ReDoS through several parameters in one segment',
      fixed: ['0.1.13'],
    },
    {
      id: 'CVE-2026-4926 (GHSA-j3q9-mxjg-w52f)',
      severity: 'high',
      summary: 'denial of service through sequential optional groups',
      introduced: '8.0.0',
      fixed: ['8.4.0'],
    },
  ],
  typeorm: [
    {
      id: 'CVE-2022-33171 (GHSA-fx4w-v43j-vc45)',
      severity: 'high',
      summary: 'SQL injection through findOne with an unchecked argument',
      fixed: ['0.3.0'],
    },
    {
      id: 'CVE-2025-60542 (GHSA-q2pj-6v73-8rgj)',
      severity: 'medium',
      summary: 'SQL injection through repository.save or update with nested objects',
      fixed: ['0.3.26'],
    },
  ],
  jose: [
    {
      id: 'CVE-2022-36083 (GHSA-jv3g-j58f-9mq9)',
      severity: 'medium',
      summary: 'resource exhaustion through a crafted JWE (PBES2 iteration count)',
      fixed: ['1.28.2', '2.0.6', '3.20.4', '4.9.2'],
    },
    {
      id: 'CVE-2024-28176 (GHSA-hhhv-q57g-882q)',
      severity: 'medium',
      summary: 'resource exhaustion through JWE decompression',
      fixed: ['2.0.7', '4.15.5'],
    },
  ],
  express: [
    {
      id: 'CVE-2024-29041 (GHSA-rv95-896h-c2vc)',
      severity: 'medium',
      summary: 'open redirect through malformed URLs',
      fixed: ['4.19.2', '5.0.0'],
    },
    {
      id: 'CVE-2024-43796 (GHSA-qw6h-vgh9-j6wx)',
      severity: 'low',
      summary: 'cross-site scripting through response.redirect()',
      fixed: ['4.20.0', '5.0.0'],
    },
  ],
});
