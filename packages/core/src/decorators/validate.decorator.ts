import type { ValidateDeclaration } from '../metadata/declarations';
import { argumentError, classOrMethod, type ClassOrMethodDecorator } from './decorator-target';

const LOCATIONS = ['body', 'query', 'params', 'headers', 'response'] as const;

/**
 * Names the DTO classes a route's input is transformed into and validated against, and the
 * response DTO its result is shaped through.
 *
 * Without `@Validate`, the class type of a `@Body()`, `@QueryParams()` or `@Params()`
 * parameter is used. Validation always whitelists, refuses unknown properties and validates
 * nested objects. `@Validate(CreateNote)` is short for `@Validate({ body: CreateNote })`.
 *
 * Merging: a method-level `@Validate` overrides the class-level one location by location.
 *
 * @param dtoOrDeclaration - A body DTO class, or DTOs per location plus `groups`.
 * @returns A class or method decorator.
 * @throws BulwarkError `ERR_DECORATOR_ARGUMENT` when a location is not a class.
 * @example
 * ```ts
 * @Post('/')
 * @Validate({ body: NoteInput, groups: ['create'] })
 * create(@Body() input: NoteInput) { ... }
 * ```
 */
export function Validate(dtoOrDeclaration: Function | ValidateDeclaration): ClassOrMethodDecorator {
  const declaration: ValidateDeclaration =
    typeof dtoOrDeclaration === 'function' ? { body: dtoOrDeclaration } : { ...dtoOrDeclaration };
  return classOrMethod('Validate', (declarations, where) => {
    for (const key of Object.keys(declaration)) {
      if (key !== 'groups' && !(LOCATIONS as readonly string[]).includes(key)) {
        throw argumentError('Validate', where, `unknown location "${key}".`);
      }
    }
    for (const location of LOCATIONS) {
      const dto = declaration[location];
      if (dto !== undefined && typeof dto !== 'function') {
        throw argumentError('Validate', where, `"${location}" must be a DTO class.`);
      }
    }
    const groups = declaration.groups;
    if (
      groups !== undefined &&
      (!Array.isArray(groups) || !groups.every((g) => typeof g === 'string'))
    ) {
      throw argumentError('Validate', where, '"groups" must be a list of strings.');
    }
    if (declarations.validate !== undefined) {
      throw argumentError('Validate', where, 'is declared twice; merge the two declarations.');
    }
    declarations.validate = Object.freeze(declaration);
  });
}
