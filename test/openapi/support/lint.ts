import { Document, Spectral, type ISpectralDiagnostic } from '@stoplight/spectral-core';
import * as Parsers from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import owaspRuleset from '@stoplight/spectral-owasp-ruleset';
import type { OpenApiDocument } from '@bulwark/openapi';

/** One Spectral finding, reduced to what the tests compare. */
export interface Finding {
  readonly rule: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * An error-level rule that does not apply where a test says so, with the reason docs/openapi.md
 * gives. Each applies to a narrow, checkable situation, never to a whole rule.
 */
export interface LintException {
  readonly rule: string;
  readonly applies: (document: OpenApiDocument, path: readonly (string | number)[]) => boolean;
}

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

function operationAt(document: OpenApiDocument, path: readonly (string | number)[]) {
  const [root, template, method] = path;
  if (root !== 'paths' || typeof template !== 'string' || typeof method !== 'string') return null;
  return (
    (document.paths[template] as Record<string, Record<string, unknown>> | undefined)?.[method] ??
    null
  );
}

export const EXCEPTIONS: readonly LintException[] = [
  {
    // A credential exchange (sign-in) is public by nature; it must be throttled per address.
    rule: 'owasp:api2:2023-write-restricted',
    applies: (document, path) => {
      const operation = operationAt(document, path);
      const limits = (operation?.['x-bulwark-rate-limits'] ?? []) as {
        key: string;
        scope: string;
      }[];
      return (
        operation !== null &&
        operation['x-bulwark-authorization'] === null &&
        limits.some((limit) => limit.key === 'ip' && limit.scope === 'route')
      );
    },
  },
  {
    // An app without CORS sends no Access-Control-Allow-Origin at all: browsers refuse every
    // cross-origin read, which is the policy. Documenting the header would be false.
    rule: 'owasp:api8:2023-define-cors-origin',
    applies: (document) =>
      !Object.hasOwn(document.components.headers, 'Access-Control-Allow-Origin'),
  },
  {
    // RFC 6749 §4.4.3: no refresh token for the client-credentials grant.
    rule: 'owasp:api2:2023-short-lived-access-tokens',
    applies: (_document, path) => path[0] === 'components' && path[4] === 'clientCredentials',
  },
];

/**
 * Runs Spectral with the OWASP API security ruleset and Spectral's recommended OpenAPI rules over
 * a document, in process, and sorts the findings: errors that no exception covers, errors an
 * exception covers, and the rest.
 *
 * @param document - The document.
 * @returns The findings.
 */
export async function lintOpenApi(document: OpenApiDocument): Promise<{
  errors: Finding[];
  excepted: Finding[];
  warnings: Finding[];
}> {
  const spectral = new Spectral();
  const owasp = (owaspRuleset as unknown as { default?: unknown }).default ?? owaspRuleset;
  spectral.setRuleset({ extends: [[oas as never, 'recommended'], owasp as never] });
  const text = JSON.stringify(document);
  const results = await spectral.run(new Document(text, Parsers.Json, '/virtual/openapi.json'));
  const findings = results.map(toFinding);
  const isExcepted = (finding: Finding): boolean =>
    EXCEPTIONS.some((e) => e.rule === finding.rule && e.applies(document, finding.path));
  return {
    errors: findings.filter((f) => f.severity === 'error' && !isExcepted(f)),
    excepted: findings.filter((f) => f.severity === 'error' && isExcepted(f)),
    warnings: findings.filter((f) => f.severity === 'warning'),
  };
}

function toFinding(result: ISpectralDiagnostic): Finding {
  return {
    rule: String(result.code),
    severity: SEVERITIES[result.severity] ?? 'hint',
    path: result.path,
    message: result.message,
  };
}
