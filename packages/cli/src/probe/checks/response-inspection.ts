import type { ProbeResponse } from '../http/scoped-client';

/** What one answer tells about the three response checks; `null` means not applicable. */
export interface Inspection {
  /** Error answers: a problem found in the body, or `''` when clean. */
  readonly leaks: string | null;
  /** Error answers: a problem with the problem+json format, or `''` when right. */
  readonly problemFormat: string | null;
  /** Every answer: missing or wrong security headers, or `''` when right. */
  readonly headers: string;
}

/** What the inspection needs to know about the request. */
export interface InspectionContext {
  /** The request carried a credential (a cache must not keep the answer). */
  readonly hasCredential: boolean;
  readonly isTls: boolean;
  /** Strings the probe itself sent (the path among them), removed before the body is searched. */
  readonly sent: readonly string[];
}

const LEAKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bat [^\n]{0,200}?\(?(?:\/|[A-Za-z]:\\|file:\/\/|node:)[^\s()]*:\d+:\d+\)?/, 'a stack trace'],
  [/"stack"\s*:/, 'a "stack" member'],
  // Upper case only: ORMs and drivers print statements that way, while prose says "update … from".
  [/\b(?:SELECT|UPDATE|DELETE)\b[^\n]{0,160}\b(?:FROM|SET|WHERE)\b/, 'an SQL statement'],
  [/\bINSERT\s+INTO\b/, 'an SQL statement'],
  [
    /SQLITE_[A-Z]+|QueryFailedError|syntax error at or near|unterminated quoted string/i,
    'a database error',
  ],
  [
    /\bORA-\d{5}\b|\bER_[A-Z_]{4,}\b|SequelizeDatabaseError|PrismaClient\w*Error|MongoServerError/,
    'a database error',
  ],
  [
    /(?:^|[\s"'(=])\/(?:home|usr|var|opt|srv|root|app|work|tmp|Users)\/[\w.@-]+\//,
    'a server file path',
  ],
  [/[A-Za-z]:\\(?:Users|Windows|Program Files|inetpub)\\/i, 'a server file path'],
  [/node_modules[\\/]|\.(?:ts|js|mjs|cjs):\d+:\d+/, 'a source location'],
];

/**
 * Looks at one answer the way an attacker collecting information would: error bodies must not
 * carry stack traces, SQL or database errors, or server paths, and must be RFC 9457 problem
 * documents whose `status` matches; every answer must carry the headers that keep browsers from
 * sniffing, framing or caching it.
 *
 * @param response - The answer.
 * @param context - What was sent.
 * @returns The findings of each response check.
 */
export function inspectResponse(response: ProbeResponse, context: InspectionContext): Inspection {
  const isError = response.status >= 400;
  return {
    leaks: isError ? leaksIn(response.text, context.sent) : null,
    problemFormat: isError ? problemFormatOf(response) : null,
    headers: headerProblems(response, context).join('; '),
  };
}

/**
 * Searches a body for internals; the probe's own payloads are removed first so an echoed attack
 * string is not mistaken for a leak.
 *
 * @param text - The body.
 * @param sent - Strings the probe sent.
 * @returns What was found, or `''`.
 */
export function leaksIn(text: string, sent: readonly string[]): string {
  let body = text;
  for (const value of sent) if (value.length >= 4) body = body.split(value).join(' ');
  for (const [pattern, what] of LEAKS) {
    const match = pattern.exec(body);
    if (match !== null) return `the body carries ${what}: "${match[0].trim().slice(0, 80)}"`;
  }
  return '';
}

function problemFormatOf(response: ProbeResponse): string {
  const type = String(response.headers['content-type'] ?? '');
  if (!/^application\/problem\+json\b/i.test(type)) {
    return `answered ${response.status} as "${type || 'no content type'}", not application/problem+json`;
  }
  const body = response.json as Record<string, unknown> | undefined;
  if (typeof body !== 'object' || body === null) return 'the problem document is not a JSON object';
  if (body['status'] !== response.status)
    return `the problem says status ${String(body['status'])}, the answer ${response.status}`;
  if (typeof body['code'] !== 'string') return 'the problem document has no "code"';
  return '';
}

function headerProblems(response: ProbeResponse, context: InspectionContext): string[] {
  const headers = response.headers;
  const problems: string[] = [];
  const csp = String(headers['content-security-policy'] ?? '');
  if (String(headers['x-content-type-options'] ?? '').toLowerCase() !== 'nosniff') {
    problems.push('no "X-Content-Type-Options: nosniff"');
  }
  if (
    !/frame-ancestors/i.test(csp) &&
    !/^(deny|sameorigin)$/i.test(String(headers['x-frame-options'] ?? ''))
  ) {
    problems.push('framing is not refused (no CSP frame-ancestors, no X-Frame-Options)');
  }
  if (headers['x-powered-by'] !== undefined)
    problems.push(`"X-Powered-By: ${String(headers['x-powered-by'])}" names the framework`);
  if (context.hasCredential && !/\bno-store\b/i.test(String(headers['cache-control'] ?? ''))) {
    problems.push(
      'an answer to a request with credentials may be cached (no "Cache-Control: no-store")',
    );
  }
  if (context.isTls && headers['strict-transport-security'] === undefined) {
    problems.push('no Strict-Transport-Security over HTTPS');
  }
  return problems;
}
