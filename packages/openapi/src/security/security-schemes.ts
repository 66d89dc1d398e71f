import type { Permissions, RoutePolicy, RuleFact } from '@bulwark/core';
import type { SecurityRequirement, SecuritySchemeObject } from '../document/openapi-types';
import {
  authSchemeOf,
  DEFAULT_DESCRIBERS,
  type DocumentedScheme,
  type SchemeDescriber,
} from './scheme-describers';

/** How the app's schemes are to be described, from the generator options. */
export interface SchemeInput {
  /** Every scheme the app accepts, with its challenge. */
  readonly challenges: Readonly<Record<string, string>>;
  readonly scopes: Readonly<Record<string, string>>;
  /** Describers per app scheme name. */
  readonly configured: Readonly<Record<string, SchemeDescriber | readonly SchemeDescriber[]>>;
  /** Extra describers per HTTP authentication scheme, consulted before the defaults. */
  readonly byAuthScheme: Readonly<Record<string, SchemeDescriber>>;
}

/** The security schemes of a document and what each app scheme became. */
export interface SchemeSet {
  readonly components: Record<string, SecuritySchemeObject>;
  readonly documented: ReadonlyMap<string, readonly DocumentedScheme[]>;
}

/**
 * Describes every scheme the app accepts. A scheme is described by the describers configured
 * for its name, else by the describer of the HTTP authentication scheme its challenge announces;
 * a scheme nothing describes is a problem, never silently left out of the document.
 *
 * @param input - Challenges, scopes and describers.
 * @param problems - Receives every problem found.
 * @returns The components and the documented schemes per app scheme.
 */
export function resolveSchemes(input: SchemeInput, problems: string[]): SchemeSet {
  const components: Record<string, SecuritySchemeObject> = {};
  const documented = new Map<string, readonly DocumentedScheme[]>();
  for (const name of Object.keys(input.configured)) {
    if (!Object.hasOwn(input.challenges, name)) {
      problems.push(`securitySchemes.${name}: the app has no authentication scheme "${name}".`);
    }
  }
  for (const [scheme, challenge] of Object.entries(input.challenges)) {
    const describers = describersOf(scheme, challenge, input);
    if (describers.length === 0) {
      problems.push(
        `scheme "${scheme}" (challenge "${challenge}") has no describer; give securitySchemes.${scheme}.`,
      );
      continue;
    }
    const schemes = describers.map((describe) =>
      describe({ scheme, challenge, scopes: input.scopes }),
    );
    for (const { name, definition } of schemes) {
      const existing = components[name];
      if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify(definition)) {
        problems.push(`security scheme "${name}" is described twice, differently.`);
      }
      components[name] = definition;
    }
    documented.set(scheme, schemes);
  }
  return { components, documented };
}

function describersOf(
  scheme: string,
  challenge: string,
  input: SchemeInput,
): readonly SchemeDescriber[] {
  const configured = input.configured[scheme];
  if (configured !== undefined) return typeof configured === 'function' ? [configured] : configured;
  const token = authSchemeOf(challenge);
  const fallback = Object.hasOwn(input.byAuthScheme, token)
    ? input.byAuthScheme[token]
    : Object.hasOwn(DEFAULT_DESCRIBERS, token)
      ? DEFAULT_DESCRIBERS[token]
      : undefined;
  return fallback === undefined ? [] : [fallback];
}

/**
 * The `security` of one operation: `[]` for a public route; otherwise one alternative per
 * documented scheme of each accepted app scheme. OAuth 2.0 alternatives list the route's
 * required scopes. Other schemes list, as OpenAPI 3.1 allows, the role the principal must hold
 * (one alternative per accepted role) followed by the required scopes. A scheme whose
 * credentials cannot carry any of the roles a route requires is no way into it, and is left out
 * there (unless it is the route's only way in, which the description then qualifies).
 *
 * @param policy - The route's policy.
 * @param set - The resolved schemes.
 * @returns The security requirements, alternatives in order.
 */
export function securityOf(policy: RoutePolicy, set: SchemeSet): SecurityRequirement[] {
  if (policy.isPublic) return [];
  const roles = policy.authorization?.roles ?? [];
  const scopes = [...(policy.authorization?.scopes ?? [])];
  const documented = policy.schemes.flatMap((scheme) => set.documented.get(scheme) ?? []);
  const isOAuth = (d: DocumentedScheme): boolean =>
    d.definition.type === 'oauth2' || d.definition.type === 'openIdConnect';
  const canEnter = (d: DocumentedScheme): boolean =>
    roles.length === 0 ||
    (d.roles === undefined ? !isOAuth(d) : roles.some((role) => d.roles?.includes(role)));
  const usable = documented.some(canEnter) ? documented.filter(canEnter) : documented;
  return usable.flatMap((d): SecurityRequirement[] => {
    if (isOAuth(d) || roles.length === 0) return [{ [d.name]: scopes }];
    return roles.map((role) => ({ [d.name]: [role, ...scopes] }));
  });
}

/**
 * Describes every scope of the app by what its rules grant, plus scopes routes require that the
 * permission model does not define.
 *
 * @param permissions - The permission model, when the generator was given it.
 * @param policies - The compiled policies.
 * @returns Scope descriptions by scope name.
 */
export function describeScopes(
  permissions: Permissions | undefined,
  policies: readonly RoutePolicy[],
): Record<string, string> {
  const scopes: Record<string, string> = {};
  for (const [name, facts] of Object.entries(permissions?.facts.scopes ?? {})) {
    scopes[name] =
      facts.length === 0
        ? 'Grants nothing by itself.'
        : `Grants: ${facts.map(describeFact).join('; ')}.`;
  }
  for (const policy of policies) {
    for (const scope of policy.authorization?.scopes ?? []) {
      scopes[scope] ??= 'Required by some operations.';
    }
  }
  return scopes;
}

function describeFact(fact: RuleFact): string {
  const verb = fact.isInverted ? 'cannot' : 'can';
  const fields = fact.fields === null ? '' : ` (fields ${fact.fields.join(', ')})`;
  const condition = fact.isConditional ? ' when its conditions hold' : '';
  return `${verb} ${fact.actions.join('/')} ${fact.subjects.join('/')}${fields}${condition}`;
}
