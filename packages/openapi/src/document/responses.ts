import 'reflect-metadata';
import { ERROR_CATALOG, type ErrorCode, type RoutePolicy } from '@bulwark/core';
import { getMetadataArgsStorage } from 'routing-controllers';
import type { ExampleDeclaration } from '../decorators/route-docs';
import { problemResponseSchema } from '../schemas/problem-schema';
import type { SchemaRegistry } from '../schemas/schema-registry';
import type { ExampleObject, HeaderObject, ResponseObject } from './openapi-types';
import type { Refusal } from './refusals';
import { headersOf } from './response-headers';

/** What the response builders share for one document. */
export interface ResponseContext {
  readonly registry: SchemaRegistry;
  readonly headers: Readonly<Record<string, HeaderObject>>;
}

const EXAMPLE_REQUEST_ID = '3f1c2a4e-8b1d-4c8e-9a57-2b6f0d9e1c44';

/**
 * The success responses of a route, read from routing-controllers: the `@HttpCode` status (200
 * otherwise) with the response DTO's schema when the route declares one, and the `@OnUndefined`
 * status without a body when the handler may return nothing.
 *
 * @param policy - The route's policy.
 * @param examples - The route's examples.
 * @param context - Registry and shared headers.
 * @returns Responses by status.
 */
export function successResponses(
  policy: RoutePolicy,
  examples: readonly ExampleDeclaration[],
  context: ResponseContext,
): Record<string, ResponseObject> {
  const handlers = getMetadataArgsStorage().filterResponseHandlersWithTargetAndMethod(
    policy.controller,
    policy.handler,
  );
  const valueOf = (type: string): unknown => handlers.find((h) => h.type === type)?.value;
  const status = Number(valueOf('success-code') ?? 200);
  const contentType = String(valueOf('content-type') ?? 'application/json');
  const headers = headersOf(context.headers, {
    rateLimits: policy.rateLimits.length > 0,
    retryAfter: false,
    challenge: false,
    noStore: !policy.isPublic,
  });
  const { response, groups } = policy.validation;
  const responseExamples = namedExamples(examples, 'response');
  const responses: Record<string, ResponseObject> = {
    [String(status)]: {
      description:
        response === null ? 'The handler’s result.' : `The result, shaped by ${response.name}.`,
      headers,
      content: {
        [contentType]: {
          ...(response === null
            ? {}
            : { schema: context.registry.ref(response, groups, 'response') }),
          ...(responseExamples === undefined ? {} : { examples: responseExamples }),
        },
      },
    },
  };
  const onUndefined = valueOf('on-undefined');
  if (typeof onUndefined === 'number' && onUndefined !== status) {
    responses[String(onUndefined)] = { description: 'The handler returned nothing.', headers };
    // A handler declared `void` (not a Promise) never has a result to send.
    if (returnsNothing(policy)) delete responses[String(status)];
  }
  return responses;
}

/**
 * One response per refusal status, each a problem document narrowed to the codes it can carry,
 * with an example per code and the headers the refusal really sends.
 *
 * @param refusals - From `refusalsOf`.
 * @param context - Registry and shared headers.
 * @returns Responses by status.
 */
export function refusalResponses(
  refusals: readonly Refusal[],
  context: ResponseContext,
): Record<string, ResponseObject> {
  const responses: Record<string, ResponseObject> = {};
  for (const refusal of refusals) {
    const { status, codes } = refusal;
    const examples: Record<string, ExampleObject> = {};
    for (const code of codes) {
      examples[code] = { summary: ERROR_CATALOG[code].title, value: exampleProblem(code, status) };
    }
    responses[String(status)] = {
      description: `Refused: ${codes.map((c) => `\`${c}\` (${ERROR_CATALOG[c].title.toLowerCase()})`).join(', ')}.`,
      headers: headersOf(context.headers, {
        rateLimits: refusal.carriesAddressLimits || refusal.carriesPrincipalLimits,
        retryAfter: status === 429,
        challenge: refusal.hasChallenge,
        noStore: true,
      }),
      content: {
        'application/problem+json': { schema: problemResponseSchema(codes, status), examples },
      },
    };
  }
  return responses;
}

/**
 * The named examples of one part (request or response) of a route's examples.
 *
 * @param examples - The route's examples.
 * @param part - `request` or `response`.
 * @returns OpenAPI examples, or `undefined` when none has that part.
 */
export function namedExamples(
  examples: readonly ExampleDeclaration[],
  part: 'request' | 'response',
): Record<string, ExampleObject> | undefined {
  const chosen = examples.filter((e) => e[part] !== undefined);
  if (chosen.length === 0) return undefined;
  return Object.fromEntries(
    chosen.map((e) => [
      e.name,
      { ...(e.summary === undefined ? {} : { summary: e.summary }), value: e[part] },
    ]),
  );
}

function returnsNothing(policy: RoutePolicy): boolean {
  const prototype = policy.controller.prototype as object;
  return (
    Reflect.hasMetadata('design:returntype', prototype, policy.handler) &&
    Reflect.getMetadata('design:returntype', prototype, policy.handler) === undefined
  );
}

function exampleProblem(code: ErrorCode, status: number): Record<string, unknown> {
  const entry = ERROR_CATALOG[code];
  return {
    type: `urn:bulwark:error:${code}`,
    title: entry.title,
    status,
    detail: entry.description,
    code,
    requestId: EXAMPLE_REQUEST_ID,
  };
}
