import type { AppAbility, Principal } from '@bulwark/core';
import type { RateLimitResult } from '@bulwark/rate-limit';
import type { Request } from 'express';
import type { RoutePlan } from './route-plan';

/** What the pipeline learns about one request, kept on the request under a private symbol. */
export interface RequestState {
  readonly requestId: string;
  /** `process.hrtime.bigint()` when the request arrived. */
  readonly startedAt: bigint;
  readonly clientAddress: string;
  plan: RoutePlan | null;
  principal: Principal | null;
  ability: AppAbility | null;
  /** The instance an object route's loader returned. */
  instance: object | null;
  /** The loaded instance's fields before the handler ran, for the audit record's changes. */
  instanceBefore?: Readonly<Record<string, unknown>> | null;
  rateLimits: RateLimitResult[];
  /** True once an audit event was recorded for this request, so it is not recorded twice. */
  isAudited: boolean;
}

const STATE = Symbol('bulwark.requestState');

type WithState = Request & { [STATE]?: RequestState };

/** Attaches the state to a request. Called once, by the request-context middleware. */
export function attachState(request: Request, state: RequestState): void {
  (request as WithState)[STATE] = state;
}

/**
 * Reads the state of a request.
 *
 * @param request - An Express request that went through Bulwark's request-context middleware.
 * @returns The state, or `undefined` for a request Bulwark never saw.
 */
export function stateOf(request: Request): RequestState | undefined {
  return (request as WithState)[STATE];
}
