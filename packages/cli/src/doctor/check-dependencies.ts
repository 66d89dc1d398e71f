import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import type { Finding, Severity } from './finding';
import { findLockfile, readLockfile, type LockedPackage } from './lockfile';
import { SAFE_VERSION_TABLE, type Advisory } from './safe-versions';
import { isAffected, minimumSafe } from './vulnerable-versions';

/** How the dependency check may run. */
export interface DependencyCheckOptions {
  readonly root: string;
  /** Skip `npm audit` and use the shipped table only. */
  readonly isOffline: boolean;
  /** Longest wait for `npm audit`. @defaultValue 60000 */
  readonly auditTimeoutMs?: number;
}

/**
 * Checks the project's dependencies for known vulnerabilities: `npm audit --json` first; when the
 * registry does not answer it (offline, or an endpoint that refuses the audit request), the
 * shipped minimum-safe-version table against the lockfile. The first finding says which source
 * was used.
 *
 * @param options - Project folder and whether to stay offline.
 * @returns Findings.
 */
export async function checkDependencies(options: DependencyCheckOptions): Promise<Finding[]> {
  const lockfile = findLockfile(options.root);
  if (lockfile === null) {
    return [
      {
        id: 'dependency.no-lockfile',
        severity: 'medium',
        title: 'No package-lock.json: installed versions are not pinned or checkable',
        reason:
          'Without a lockfile every install may pull different versions, and neither npm audit nor the safe-version table can tell what runs.',
        fix: 'Run "npm install" and commit package-lock.json.',
      },
    ];
  }
  const audit = options.isOffline
    ? null
    : await npmAudit(dirname(lockfile), options.auditTimeoutMs ?? 60_000);
  if (audit !== null && 'findings' in audit) return audit.findings;
  const why = options.isOffline
    ? '--offline was given'
    : `npm audit gave no report (${audit?.error})`;
  const source: Finding = {
    id: 'dependency.source',
    severity: 'info',
    title: `Dependencies checked against Bulwark's minimum-safe-version table (${why})`,
    reason: `The table covers ${Object.keys(SAFE_VERSION_TABLE).join(', ')}; it is as current as this CLI.`,
    fix: 'Run "npm audit" where the registry answers it for a check of every package.',
  };
  return [source, ...tableFindings(readLockfile(lockfile).packages, lockfile)];
}

/**
 * Compares locked packages with the minimum-safe-version table.
 *
 * @param packages - Installed packages from the lockfile.
 * @param lockfile - The lockfile path, for the message.
 * @returns One finding per vulnerable installed copy.
 */
export function tableFindings(packages: readonly LockedPackage[], lockfile: string): Finding[] {
  const findings: Finding[] = [];
  for (const locked of packages) {
    const advisories = SAFE_VERSION_TABLE[locked.name];
    if (advisories === undefined) continue;
    const affecting = advisories.filter((a) => isAffected(locked.version, a));
    if (affecting.length === 0) continue;
    const safe = minimumSafe(locked.version, affecting);
    findings.push({
      id: 'dependency.vulnerable',
      severity: worst(affecting),
      title: `${locked.name}@${locked.version} has known vulnerabilities (${locked.location})`,
      reason: affecting.map((a) => `${a.id}: ${a.summary}`).join('; '),
      fix: `Upgrade ${locked.name} to ${safe} or later (npm update ${locked.name}, or raise the range that pins it) and commit ${lockfile.split(/[\\/]/).at(-1)}.`,
    });
  }
  return findings;
}

function worst(advisories: readonly Advisory[]): Severity {
  for (const level of ['high', 'medium', 'low'] as const) {
    if (advisories.some((a) => a.severity === level)) return level;
  }
  return 'low';
}

type AuditOutcome = { findings: Finding[] } | { error: string };

interface NpmAuditEntry {
  name?: string;
  severity?: string;
  range?: string;
  via?: Array<string | { title?: string; url?: string }>;
  fixAvailable?: boolean | { name: string; version: string };
}

function npmAudit(cwd: string, timeoutMs: number): Promise<AuditOutcome> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['audit', '--json', '--omit=dev'],
      {
        cwd,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: '1' },
      },
      (error, stdout) => {
        try {
          const report = JSON.parse(stdout) as {
            vulnerabilities?: Record<string, NpmAuditEntry>;
            error?: { summary?: string };
            message?: string;
          };
          if (report.vulnerabilities !== undefined)
            return resolve({ findings: auditFindings(report.vulnerabilities) });
          resolve({
            error: firstPart(report.message ?? report.error?.summary ?? 'no vulnerability list'),
          });
        } catch {
          resolve({ error: firstPart(error?.message.split('\n')[0] ?? 'unreadable output') });
        }
      },
    );
  });
}

/** Keeps the status of an npm error and drops the request line (method and URL). */
function firstPart(message: string): string {
  return message.split(' - ')[0]!.trim();
}

function auditFindings(vulnerabilities: Record<string, NpmAuditEntry>): Finding[] {
  const severityOf = (s: string | undefined): Severity =>
    s === 'critical' || s === 'high'
      ? 'high'
      : s === 'moderate'
        ? 'medium'
        : s === 'low'
          ? 'low'
          : 'info';
  const source: Finding = {
    id: 'dependency.source',
    severity: 'info',
    title: 'Dependencies checked with npm audit',
    reason: 'npm audit compares every installed package with the registry advisory database.',
    fix: 'Nothing to do.',
  };
  return [
    source,
    ...Object.entries(vulnerabilities).map(([name, entry]) => ({
      id: 'dependency.vulnerable',
      severity: severityOf(entry.severity),
      title: `${name} ${entry.range ?? ''} has known vulnerabilities`.replace(/\s+/g, ' '),
      reason: (entry.via ?? [])
        .map((via) => (typeof via === 'string' ? `through ${via}` : (via.title ?? via.url ?? '')))
        .join('; '),
      fix:
        typeof entry.fixAvailable === 'object'
          ? `Upgrade ${entry.fixAvailable.name} to ${entry.fixAvailable.version} (npm audit fix).`
          : entry.fixAvailable === true
            ? 'Run "npm audit fix".'
            : 'No fix is published yet: replace the package or mitigate its use.',
    })),
  ];
}
