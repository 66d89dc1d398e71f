import { BulwarkError, isLogger } from '@bulwark/core';
import type { SuspiciousActivityOptions } from './suspicious-activity';

const KNOWN = new Set([
  'threshold',
  'windowMs',
  'blockMs',
  'maxTrackedKeys',
  'audit',
  'logger',
  'onSuspicious',
  'now',
]);

/**
 * Checks the options of a suspicious-activity detector, reporting every problem at once.
 *
 * @param options - The options as given.
 * @throws BulwarkError `ERR_CONFIG_INVALID` with `details.problems`.
 */
export function checkDetectorOptions(options: SuspiciousActivityOptions): void {
  const given = options as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(given)) {
    if (!KNOWN.has(key)) problems.push(`unknown option "${key}".`);
  }
  for (const key of ['threshold', 'windowMs', 'maxTrackedKeys']) {
    const value = given[key];
    if (value !== undefined && (!Number.isSafeInteger(value) || (value as number) < 1)) {
      problems.push(`${key} must be a positive integer.`);
    }
  }
  const block = given.blockMs;
  if (block !== undefined && (!Number.isSafeInteger(block) || (block as number) < 0)) {
    problems.push('blockMs must be a non-negative integer.');
  }
  const audit = given.audit as { record?: unknown } | undefined;
  if (audit !== undefined && typeof audit?.record !== 'function') {
    problems.push('audit must have a record method.');
  }
  if (given.logger !== undefined && !isLogger(given.logger)) {
    problems.push('logger must have debug, info, warn and error methods.');
  }
  for (const key of ['onSuspicious', 'now']) {
    if (given[key] !== undefined && typeof given[key] !== 'function') {
      problems.push(`${key} must be a function.`);
    }
  }
  if (problems.length > 0) {
    throw new BulwarkError('ERR_CONFIG_INVALID', 'Invalid suspicious-activity options.', {
      details: { problems },
    });
  }
}
