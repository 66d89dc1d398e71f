import { BulwarkError } from '../errors/bulwark.error';
import type { Declarations } from './declarations';

/** Everything recorded on one controller class. */
export interface ControllerDeclarations {
  readonly classLevel: Declarations;
  readonly methods: Map<string, Declarations>;
}

/**
 * Declarations live in a module-private WeakMap keyed by the controller constructor, never on
 * the global object or the class itself, so nothing outside this module can forge or read them
 * except through the functions below.
 */
const registry = new WeakMap<Function, ControllerDeclarations>();

const INSTALL_MARK = Symbol.for('bulwark.core.install');
const installToken = Object.freeze({});
const globalSlot = globalThis as { [INSTALL_MARK]?: object };

/**
 * True when another copy of this module was loaded first. Decorators recorded by that copy would
 * be invisible here, so bootstrap refuses to start rather than run routes without their policy.
 */
export const isDuplicateInstall = globalSlot[INSTALL_MARK] !== undefined;
if (!isDuplicateInstall) globalSlot[INSTALL_MARK] = installToken;

/**
 * Throws when two copies of `@bulwark/core` are loaded.
 *
 * @throws BulwarkError `ERR_DUPLICATE_INSTALL`
 */
export function assertSingleInstall(): void {
  if (isDuplicateInstall) {
    throw new BulwarkError('ERR_DUPLICATE_INSTALL', 'Two copies of @bulwark/core are loaded.');
  }
}

function emptyDeclarations(): Declarations {
  return { rateLimits: [] };
}

function controllerOf(target: Function): ControllerDeclarations {
  let entry = registry.get(target);
  if (entry === undefined) {
    entry = { classLevel: emptyDeclarations(), methods: new Map() };
    registry.set(target, entry);
  }
  return entry;
}

/**
 * Returns the mutable declarations of a class or of one of its methods, creating them on first
 * use. Used by the decorators only.
 *
 * @param target - The controller constructor.
 * @param method - The method name, or `undefined` for class-level declarations.
 */
export function declarationsFor(target: Function, method: string | undefined): Declarations {
  const controller = controllerOf(target);
  if (method === undefined) return controller.classLevel;
  let declarations = controller.methods.get(method);
  if (declarations === undefined) {
    declarations = emptyDeclarations();
    controller.methods.set(method, declarations);
  }
  return declarations;
}

/**
 * Reads what was declared on a controller and its ancestors, nearest class first. Called at
 * bootstrap by the policy compiler, never per request.
 *
 * @param target - The controller constructor.
 * @returns The declarations of each class in the prototype chain that has any.
 */
export function readDeclarations(target: Function): ControllerDeclarations[] {
  const chain: ControllerDeclarations[] = [];
  for (let current: unknown = target; typeof current === 'function';) {
    const entry = registry.get(current);
    if (entry !== undefined) chain.push(entry);
    current = Object.getPrototypeOf(current);
    if (current === Function.prototype) break;
  }
  return chain;
}
