import type { Declarations } from '../metadata/declarations';
import { readDeclarations } from '../metadata/registry';

/** The class-level and method-level declarations that apply to one route. */
export interface RouteDeclarations {
  readonly classLevel: Declarations;
  readonly method: Declarations;
}

/**
 * Collects the declarations of a route from its controller and the controller's ancestors.
 * Nearer classes override farther ones field by field; rate limits accumulate.
 */
export function routeDeclarations(controller: Function, handler: string): RouteDeclarations {
  const chain = readDeclarations(controller).reverse();
  const classLevel: Declarations = { rateLimits: [] };
  let method: Declarations = { rateLimits: [] };
  for (const entry of chain) {
    mergeInto(classLevel, entry.classLevel);
    const own = entry.methods.get(handler);
    if (own !== undefined) method = { ...own, rateLimits: [...own.rateLimits] };
  }
  return { classLevel, method };
}

function mergeInto(target: Declarations, source: Declarations): void {
  if (source.authorize !== undefined) {
    target.authorize = { ...target.authorize, ...source.authorize };
    delete target.isPublic;
  }
  if (source.isPublic === true) {
    target.isPublic = true;
    delete target.authorize;
  }
  if (source.validate !== undefined) target.validate = { ...target.validate, ...source.validate };
  if (source.audit !== undefined) target.audit = source.audit;
  if (source.skipAudit !== undefined) target.skipAudit = source.skipAudit;
  target.rateLimits.push(...source.rateLimits);
}
