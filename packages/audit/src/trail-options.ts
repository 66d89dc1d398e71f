import { BulwarkError } from '@bulwark/core';
import type { AuditTrailOptions } from './audit-trail';
import { checkChainKey } from './hash-chain';

const KNOWN = new Set([
  'sink',
  'hmacKey',
  'redactKeys',
  'sensitiveClasses',
  'floodControl',
  'logger',
  'maxBatchSize',
  'flushIntervalMs',
  'maxQueueSize',
  'retryDelayMs',
  'factories',
]);

const POSITIVE_INTEGERS = ['maxBatchSize', 'flushIntervalMs', 'maxQueueSize', 'retryDelayMs'];
const FLOOD_INTEGERS = ['windowMs', 'perKey', 'perWindow'];

/**
 * Checks the options of an audit trail, reporting every problem at once.
 *
 * @param options - The options as given.
 * @throws BulwarkError `ERR_CONFIG_INVALID` with `details.problems`.
 */
export function checkTrailOptions(options: AuditTrailOptions): void {
  const given = options as unknown as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given))
    if (!KNOWN.has(key)) problems.push(`unknown option "${key}".`);
  for (const key of POSITIVE_INTEGERS) checkPositive(given[key], key, problems);

  const sink = given.sink as Record<string, unknown> | undefined;
  if (typeof sink?.write !== 'function' || typeof sink.head !== 'function') {
    problems.push('sink must have write and head methods.');
  }
  const keyProblem = checkChainKey(given.hmacKey);
  if (keyProblem !== null) problems.push(keyProblem);
  const flood = given.floodControl;
  if (flood !== undefined && flood !== false) {
    if (typeof flood !== 'object' || flood === null)
      problems.push('floodControl must be an object or false.');
    else
      for (const key of FLOOD_INTEGERS)
        checkPositive((flood as Record<string, unknown>)[key], `floodControl.${key}`, problems);
  }
  if (given.redactKeys !== undefined && !isStringList(given.redactKeys)) {
    problems.push('redactKeys must be a list of strings.');
  }

  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', 'Invalid audit trail options.', {
      details: { problems },
    });
  }
}

function checkPositive(value: unknown, name: string, problems: string[]): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1)) {
    problems.push(`${name} must be a positive integer.`);
  }
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}
