import type { TargetRoute } from '../target/probe-target';
import type { Outcome, ProbeSession } from './probe-session';
import type { CheckId } from './results';

/** What an attempt must be answered with. */
export interface Expectation {
  /** Acceptable statuses. */
  readonly statuses: readonly number[];
  /** Acceptable problem codes, checked when the answer carries one. */
  readonly codes?: readonly string[];
  /** The attack in a few words, for the failure message. */
  readonly attack: string;
}

/**
 * Records an attempt against its expectation. An answer with an acceptable status (and code, if
 * the answer names one) passes; anything else fails with the status and code seen. A request
 * that was not sent is a skip, unless it went out and no answer came, which fails: an attack
 * that crashes or hangs the app is a denial of service. An unexpected 429 is a skip: a rate
 * limit refused before the check could see the app's own answer.
 *
 * @param session - The run.
 * @param route - The route attacked.
 * @param check - The check the attempt belongs to.
 * @param outcome - What came of the attempt.
 * @param expected - The refusal the policy promises.
 * @returns True when the attempt passed.
 */
export function judge(
  session: ProbeSession,
  route: TargetRoute,
  check: CheckId,
  outcome: Outcome,
  expected: Expectation,
): boolean {
  if (!outcome.sent) {
    if (outcome.isFault === true)
      session.book.fail(route, check, `${expected.attack}: ${outcome.reason}`);
    else session.book.skip(route, check, outcome.reason);
    return false;
  }
  const { response, evidence } = outcome;
  if (response.status === 429 && !expected.statuses.includes(429)) {
    session.book.skip(route, check, 'a rate limit refused the attempt before the check could run');
    return false;
  }
  const isStatusOk = expected.statuses.includes(response.status);
  const isCodeOk =
    expected.codes === undefined ||
    evidence.code === undefined ||
    expected.codes.includes(evidence.code);
  if (isStatusOk && isCodeOk) {
    session.book.pass(route, check);
    return true;
  }
  const wanted = `${expected.statuses.join(' or ')}${expected.codes === undefined ? '' : ` (${expected.codes.join(', ')})`}`;
  const got = `${response.status}${evidence.code === undefined ? '' : ` ${evidence.code}`}`;
  session.book.fail(route, check, `${expected.attack}: expected ${wanted}, got ${got}`, evidence);
  return false;
}

/** The problem codes of an authentication refusal. */
export const AUTHN_CODES: readonly string[] = Object.freeze([
  'ERR_AUTHN_REQUIRED',
  'ERR_AUTHN_INVALID',
]);

/** The problem codes of an authorization refusal. */
export const AUTHZ_CODES: readonly string[] = Object.freeze([
  'ERR_AUTHZ_DENIED',
  'ERR_AUTHZ_SCOPE_INSUFFICIENT',
  'ERR_NOT_FOUND',
]);
