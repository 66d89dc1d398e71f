import type { RoutePolicy } from '@bulwark/core';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { ExampleDeclaration } from '../decorators/route-docs';
import type { SchemaRegistry } from '../schemas/schema-registry';
import type { RequestBodyObject } from './openapi-types';
import { namedExamples } from './responses';

/**
 * The request body of a route with a body DTO: required JSON, described by the DTO's component,
 * with the route's request examples.
 *
 * Each request example is run through the DTO with the options Bulwark validates bodies with
 * (whitelist, unknown properties and values refused, the route's groups); an example the route
 * would refuse is reported as a problem instead of being published.
 *
 * @param policy - The route's policy.
 * @param examples - The route's examples.
 * @param registry - The schema registry.
 * @param problems - Receives refused examples and examples on a route without a body.
 * @returns The request body, or `undefined` for a route that takes none.
 */
export function requestBodyOf(
  policy: RoutePolicy,
  examples: readonly ExampleDeclaration[],
  registry: SchemaRegistry,
  problems: string[],
): RequestBodyObject | undefined {
  const { body, groups } = policy.validation;
  const withRequest = examples.filter((e) => e.request !== undefined);
  if (body === null) {
    for (const example of withRequest) {
      problems.push(
        `${policy.id}: example "${example.name}" has a request body, but the route takes none.`,
      );
    }
    return undefined;
  }
  for (const example of withRequest) {
    const refusal = refusalOf(body, groups, example.request);
    if (refusal !== null) {
      problems.push(
        `${policy.id}: example "${example.name}" is refused by ${body.name}: ${refusal}.`,
      );
    }
  }
  const requestExamples = namedExamples(examples, 'request');
  return {
    required: true,
    content: {
      'application/json': {
        schema: registry.ref(body, groups, 'body'),
        ...(requestExamples === undefined ? {} : { examples: requestExamples }),
      },
    },
  };
}

function refusalOf(dto: Function, groups: readonly string[], value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'a body must be a JSON object';
  }
  const hasGroups = groups.length > 0;
  const instance = plainToInstance(dto as new () => object, value, {
    exposeDefaultValues: true,
    ...(hasGroups ? { groups: [...groups] } : {}),
  }) as object;
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
    ...(hasGroups ? { groups: [...groups], strictGroups: true } : {}),
  });
  return errors.length === 0 ? null : constraintsOf(errors, '').join(', ');
}

function constraintsOf(errors: readonly ValidationError[], prefix: string): string[] {
  return errors.flatMap((error) => {
    const path = `${prefix}${prefix === '' ? '' : '.'}${error.property}`;
    const own = Object.keys(error.constraints ?? {}).map((constraint) => `${path} ${constraint}`);
    return [...own, ...constraintsOf(error.children ?? [], path)];
  });
}
