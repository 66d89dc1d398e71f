import type { RoutePolicy } from '@bulwark/core';
import { readRouteDocs } from '../decorators/route-docs';
import { PARAMETER_MAX_LENGTH } from '../schemas/schema-finishing';
import type { SchemaRegistry } from '../schemas/schema-registry';
import { authSchemeOf } from '../security/scheme-describers';
import { securityOf, type SchemeSet } from '../security/security-schemes';
import { defaultSummary, describePolicy, policyExtensions } from './describe-policy';
import type { OpenApiSource } from './generate-options';
import type { HeaderObject, OperationObject } from './openapi-types';
import { parametersOf } from './parameters';
import type { PathTemplate } from './path-template';
import { refusalsOf } from './refusals';
import { requestBodyOf } from './request-body';
import { refusalResponses, successResponses } from './responses';

/** What every operation of one document is built with. */
export interface OperationContext {
  readonly registry: SchemaRegistry;
  readonly schemes: SchemeSet;
  readonly headers: Readonly<Record<string, HeaderObject>>;
  readonly challenges: Readonly<Record<string, string>>;
  /** The app audits and a failed durable write refuses the mutation. */
  readonly isAuditFailClosed: boolean;
  /** The app's query, plain-HTTP and CSRF settings. */
  readonly settings: Pick<
    OpenApiSource['settings'],
    'query' | 'body' | 'plainHttp' | 'cookieSchemes' | 'isCsrfEnabled'
  >;
  /** Receives every problem found. */
  readonly problems: string[];
}

/**
 * Builds the operation of one route from its policy, its routing-controllers metadata and its
 * documentation decorators.
 *
 * @param policy - The route's policy.
 * @param path - Its path template.
 * @param context - The document's shared state.
 * @returns The operation.
 */
export function buildOperation(
  policy: RoutePolicy,
  path: PathTemplate,
  context: OperationContext,
): OperationObject {
  const docs = readRouteDocs(policy.controller, policy.handler);
  const { settings } = context;
  const { parameters, hasFrameworkChecks } = parametersOf(policy, path, context.registry, {
    maxLength: Math.min(PARAMETER_MAX_LENGTH, settings.body.maxStringLength),
    maxItems: settings.query.maxParameters,
  });
  const requestBody = requestBodyOf(policy, docs.examples, context.registry, context.problems);
  const refusals = refusalsOf(policy, {
    isBearerAccepted: policy.schemes.some(
      (scheme) => authSchemeOf(context.challenges[scheme] ?? '') === 'bearer',
    ),
    isAuditFailClosed: context.isAuditFailClosed,
    hasFrameworkChecks,
    declared: docs.refuses,
    isUndeclaredQueryRefused: settings.query.undeclared === 'refuse',
    plainHttp: settings.plainHttp,
    isCsrfChecked:
      settings.isCsrfEnabled && policy.schemes.some((s) => settings.cookieSchemes.includes(s)),
  });
  const responseContext = { registry: context.registry, headers: context.headers };
  return {
    operationId: policy.id,
    summary: docs.summary ?? defaultSummary(policy),
    description: describePolicy(policy, docs.description),
    tags: docs.tags.length > 0 ? [...docs.tags] : [defaultTag(policy.controller)],
    security: securityOf(policy, context.schemes),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody === undefined ? {} : { requestBody }),
    responses: {
      ...successResponses(policy, docs.examples, responseContext),
      ...refusalResponses(refusals, responseContext),
    },
    ...policyExtensions(policy),
  };
}

/** `NotesController` → `Notes`; a class named only `Controller` keeps its name. */
export function defaultTag(controller: Function): string {
  const stripped = controller.name.replace(/Controller$/, '');
  return stripped.length > 0 ? stripped : controller.name || 'Default';
}
