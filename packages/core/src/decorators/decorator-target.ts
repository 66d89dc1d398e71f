import { BulwarkError } from '../errors/bulwark.error';
import type { Declarations } from '../metadata/declarations';
import { declarationsFor } from '../metadata/registry';

/** A decorator usable on a controller class or on one of its methods. */
export type ClassOrMethodDecorator = (
  target: object,
  propertyKey?: string | symbol,
  descriptor?: PropertyDescriptor,
) => void;

/**
 * Builds a decorator that records onto the class- or method-level declarations it lands on.
 * Static methods and symbol-named methods are refused: routing-controllers routes neither.
 */
export function classOrMethod(
  name: string,
  record: (declarations: Declarations, where: string) => void,
): ClassOrMethodDecorator {
  return (target, propertyKey) => {
    if (propertyKey === undefined) {
      if (typeof target !== 'function') throw misuse(name, 'a class');
      record(declarationsFor(target, undefined), target.name);
      return;
    }
    if (typeof propertyKey !== 'string' || typeof target === 'function') {
      throw misuse(name, 'an instance method with a string name');
    }
    const ctor = (target as { constructor: Function }).constructor;
    record(declarationsFor(ctor, propertyKey), `${ctor.name}.${propertyKey}`);
  };
}

/**
 * Records a declaration imperatively, for code that builds controllers without decorator syntax.
 *
 * @param decorator - A Bulwark decorator, already called with its arguments.
 * @param target - The controller class.
 * @param method - The method name, or `undefined` for the whole class.
 */
export function applyDeclaration(
  decorator: ClassOrMethodDecorator,
  target: Function,
  method?: string,
): void {
  if (method === undefined) decorator(target);
  else decorator(target.prototype as object, method);
}

function misuse(name: string, what: string): BulwarkError {
  return new BulwarkError('ERR_DECORATOR_ARGUMENT', `@${name}() can only decorate ${what}.`);
}

/** Throws a decorator-argument error naming the decorator and where it was used. */
export function argumentError(name: string, where: string, problem: string): BulwarkError {
  return new BulwarkError('ERR_DECORATOR_ARGUMENT', `@${name}() on ${where}: ${problem}`);
}
