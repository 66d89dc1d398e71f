import type { Style } from '../terminal/style';
import { SEVERITIES, type Finding, type Severity } from './finding';

/** Counts of findings per severity. */
export type SeverityCounts = Readonly<Record<Severity, number>>;

/**
 * Counts findings per severity.
 *
 * @param findings - The findings.
 * @returns The counts.
 */
export function countFindings(findings: readonly Finding[]): SeverityCounts {
  const counts = { high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) counts[finding.severity] += 1;
  return counts;
}

/**
 * Renders findings for a terminal: one block per finding with its severity, reason and fix,
 * then a summary line.
 *
 * @param app - The app name.
 * @param findings - Findings, worst first.
 * @param style - Colours, or plain.
 * @returns The text.
 */
export function formatFindings(app: string, findings: readonly Finding[], style: Style): string {
  const paint: Record<Severity, (text: string) => string> = {
    high: (t) => style.bold(style.red(t)),
    medium: style.yellow,
    low: style.cyan,
    info: style.dim,
  };
  const blocks = findings.map((finding) => {
    const label = paint[finding.severity](finding.severity.toUpperCase().padEnd(6));
    return `${label} ${style.bold(finding.title)} ${style.dim(`[${finding.id}]`)}
       why: ${finding.reason}
       fix: ${finding.fix}`;
  });
  const counts = countFindings(findings);
  const summary = SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
  const verdict =
    counts.high > 0 ? style.red('FAIL: high findings') : style.green('PASS: no high finding');
  return `${style.bold(`bulwark doctor: ${app}`)}\n\n${blocks.join('\n\n')}${blocks.length > 0 ? '\n\n' : ''}${verdict} (${summary})\n`;
}
