import { BulwarkError } from '@bulwark/core';
import type { Application, NextFunction, Request, Response } from 'express';
import { getMetadataArgsStorage } from 'routing-controllers';
import { runPipeline } from './pipeline';
import { respond } from './respond';
import { stateOf } from './request-state';
import type { Runtime } from './runtime';

/**
 * The runtime of each Express app Bulwark was installed on. routing-controllers keeps its
 * metadata globally, so the per-route hooks are installed once per controller method and find
 * the right app's runtime through the request.
 */
const runtimes = new WeakMap<Application, Runtime>();
const installed = new WeakMap<Function, Set<string>>();

/** Registers the runtime of an app. */
export function registerRuntime(app: Application, runtime: Runtime): void {
  runtimes.set(app, runtime);
}

/**
 * Installs, once per controller method, a before-middleware running the policy pipeline and an
 * interceptor shaping and auditing the result.
 *
 * Security: a request reaching a hooked route of an app without a Bulwark runtime, or a route
 * without a compiled plan, is refused with a 500 rather than served unchecked.
 *
 * @param controller - The controller class.
 * @param handler - The method name.
 * @param policyId - The compiled policy id of the route.
 */
export function installRouteHooks(controller: Function, handler: string, policyId: string): void {
  const methods = installed.get(controller) ?? new Set<string>();
  installed.set(controller, methods);
  if (methods.has(handler)) return;
  methods.add(handler);
  const storage = getMetadataArgsStorage();
  storage.uses.push({
    target: controller,
    method: handler,
    afterAction: false,
    middleware: before(policyId),
  });
  storage.useInterceptors.push({
    target: controller,
    method: handler,
    interceptor: routeInterceptor,
  });
}

function before(policyId: string) {
  return function bulwarkPipeline(request: Request, response: Response, next: NextFunction): void {
    const runtime = runtimes.get(request.app);
    const plan = runtime?.plans.get(policyId);
    const state = stateOf(request);
    if (runtime === undefined || plan === undefined || state === undefined) {
      next(new BulwarkError('ERR_POLICY_MISSING', `No compiled policy for ${policyId}.`));
      return;
    }
    state.plan = plan;
    let pending: Promise<void> | undefined;
    try {
      pending = runPipeline({ runtime, plan, state, request, response });
    } catch (error) {
      next(error);
      return;
    }
    // `next` runs outside the try: an error thrown further down is not this route's refusal.
    if (pending === undefined) next();
    else pending.then(() => next(), next);
  };
}

/**
 * Bulwark's result interceptor: filters, shapes and audits what a handler returned. It answers
 * synchronously on routes that are not audited.
 *
 * @param action - routing-controllers' action (request and response).
 * @param result - What the handler returned.
 * @returns The result to send, the response when Bulwark wrote the answer, or a promise of one.
 */
export function routeInterceptor(
  action: { request: Request; response: Response },
  result: unknown,
): unknown {
  const runtime = runtimes.get(action.request.app);
  const state = stateOf(action.request);
  if (runtime === undefined || state === undefined) {
    return Promise.reject(
      new BulwarkError('ERR_POLICY_MISSING', 'Response without a Bulwark runtime.'),
    );
  }
  try {
    return respond(runtime, state, action.request, action.response, result);
  } catch (error) {
    return Promise.reject(error);
  }
}
