import type { RouteDeclarations } from './merge-declarations';
import type { ParamSource, RouteDescriptor, ValidationPolicy } from './route-policy';

const NOT_DTOS: ReadonlySet<Function> = new Set<Function>([
  Object,
  String,
  Number,
  Boolean,
  Array,
  Promise,
  Function,
  Date,
]);

/** Tells whether a declared parameter type is a DTO class validation can use. */
export function isDtoClass(type: Function | undefined): type is Function {
  return typeof type === 'function' && !NOT_DTOS.has(type) && type.prototype !== undefined;
}

/**
 * Picks the DTO of each input location: `@Validate` first, then the class type of the matching
 * `@Body()`, `@QueryParams()`, `@Params()` or `@HeaderParams()` parameter. A body parameter with no
 * DTO class is a start-up error, never a skipped check.
 */
export function compileValidation(
  route: RouteDescriptor,
  { classLevel, method }: RouteDeclarations,
  report: (problem: string) => void,
): ValidationPolicy {
  const declared = { ...classLevel.validate, ...method.validate };
  const fromParam = (source: ParamSource): Function | null => {
    const param = route.params.find((p) => p.source === source);
    return isDtoClass(param?.type) ? param.type : null;
  };
  const body = declared.body ?? fromParam('body');
  const hasBodyParam = route.params.some((p) => p.source === 'body');
  if (hasBodyParam && body === null) {
    report('the @Body() parameter has no DTO class; declare its type or use @Validate({ body }).');
  }
  return Object.freeze({
    body,
    query: declared.query ?? fromParam('query'),
    params: declared.params ?? fromParam('params'),
    headers: declared.headers ?? fromParam('headers'),
    groups: Object.freeze([...(declared.groups ?? [])]),
    response: declared.response ?? null,
  });
}
