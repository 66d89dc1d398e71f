/** How bad a finding is. Any `high` finding makes `bulwark doctor` exit 1. */
export type Severity = 'high' | 'medium' | 'low' | 'info';

/** Severities from worst to mildest. */
export const SEVERITIES: readonly Severity[] = Object.freeze(['high', 'medium', 'low', 'info']);

/** One thing the doctor noticed, with why it matters and how to fix it. */
export interface Finding {
  /** A stable identifier, such as `secret.weak` or `dependency.vulnerable`. */
  readonly id: string;
  readonly severity: Severity;
  /** What was found, in one line. */
  readonly title: string;
  /** Why it matters. */
  readonly reason: string;
  /** What to do about it. */
  readonly fix: string;
}

/**
 * Orders findings worst first, keeping the order of checks within a severity.
 *
 * @param findings - Findings in check order.
 * @returns A new sorted array.
 */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}
