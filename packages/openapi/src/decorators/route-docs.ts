import { BulwarkError, type ClassOrMethodDecorator, type ErrorCode } from '@bulwark/core';

/** One named example of a route's request body and success response. */
export interface ExampleDeclaration {
  /** The example's key, unique per route. */
  readonly name: string;
  readonly summary?: string;
  /** A request body the route accepts; checked against the body DTO when the document is built. */
  readonly request?: unknown;
  /** A success response body. */
  readonly response?: unknown;
}

/** What the documentation decorators recorded on one class or method. */
export interface RouteDocs {
  summary?: string;
  description?: string;
  readonly tags: string[];
  readonly examples: ExampleDeclaration[];
  readonly refuses: ErrorCode[];
}

interface ControllerDocs {
  readonly classLevel: RouteDocs;
  readonly methods: Map<string, RouteDocs>;
}

/**
 * Documentation lives in a module-private WeakMap keyed by the controller constructor, like
 * Bulwark's policy declarations: nothing is written on the class or on the global object.
 */
const registry = new WeakMap<Function, ControllerDocs>();

function empty(): RouteDocs {
  return { tags: [], examples: [], refuses: [] };
}

function docsOf(target: Function, method: string | undefined): RouteDocs {
  let entry = registry.get(target);
  if (entry === undefined) {
    entry = { classLevel: empty(), methods: new Map() };
    registry.set(target, entry);
  }
  if (method === undefined) return entry.classLevel;
  const docs = entry.methods.get(method) ?? empty();
  entry.methods.set(method, docs);
  return docs;
}

/**
 * Builds a documentation decorator that records onto the class- or method-level docs it lands on.
 *
 * @param name - The decorator's name, for error messages.
 * @param isClassAllowed - Whether the decorator may decorate a whole controller.
 * @param record - Checks the arguments and records them.
 * @returns The decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` on misuse, when the decorator runs.
 */
export function docDecorator(
  name: string,
  isClassAllowed: boolean,
  record: (docs: RouteDocs, fail: (problem: string) => never) => void,
): ClassOrMethodDecorator {
  return (target, propertyKey) => {
    const isClass = propertyKey === undefined && typeof target === 'function';
    const isMethod = typeof propertyKey === 'string' && typeof target !== 'function';
    if (!(isMethod || (isClass && isClassAllowed))) {
      const what = isClassAllowed ? 'a controller or one of its methods' : 'a controller method';
      throw new BulwarkError('ERR_DECORATOR_ARGUMENT', `@${name}() can only decorate ${what}.`);
    }
    const ctor = isClass ? (target as Function) : (target as { constructor: Function }).constructor;
    const where = isClass ? ctor.name : `${ctor.name}.${String(propertyKey)}`;
    const fail = (problem: string): never => {
      throw new BulwarkError('ERR_DECORATOR_ARGUMENT', `@${name}() on ${where}: ${problem}`);
    };
    record(docsOf(ctor, isClass ? undefined : (propertyKey as string)), fail);
  };
}

/**
 * Reads what was documented for one route: method-level docs, with the tags and declared
 * refusals of its controller (and the controller's ancestors) added.
 *
 * @param controller - The controller class.
 * @param handler - The method name.
 * @returns The merged docs; empty when nothing was declared.
 */
export function readRouteDocs(controller: Function, handler: string): Readonly<RouteDocs> {
  const merged = empty();
  for (let current: unknown = controller; typeof current === 'function';) {
    const entry = registry.get(current);
    const method = entry?.methods.get(handler);
    if (method !== undefined) {
      merged.summary ??= method.summary;
      merged.description ??= method.description;
      if (merged.examples.length === 0) merged.examples.push(...method.examples);
      merged.tags.push(...method.tags);
      merged.refuses.push(...method.refuses);
    }
    if (entry !== undefined) {
      merged.tags.push(...entry.classLevel.tags);
      merged.refuses.push(...entry.classLevel.refuses);
    }
    current = Object.getPrototypeOf(current);
    if (current === Function.prototype) break;
  }
  return { ...merged, tags: [...new Set(merged.tags)], refuses: [...new Set(merged.refuses)] };
}
