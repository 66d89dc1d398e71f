import type { ProbeConfig } from '../../../../src/probe/config/probe-config';
import { EMPTY_PROBE_CONFIG } from '../../../../src/probe/config/probe-config';
import type { Actor } from '../../../../src/probe/engine/actors';
import type {
  ProbeTarget,
  TargetAuthorization,
  TargetRoute,
} from '../../../../src/probe/target/probe-target';

/** An authorization step with the given changes. */
export function authorization(overrides: Partial<TargetAuthorization> = {}): TargetAuthorization {
  return {
    action: 'update',
    subject: 'Note',
    roles: [],
    scopes: [],
    loadsInstance: true,
    isList: false,
    deniedStatus: 403,
    isDenyAll: false,
    grants: { 'role:admin': 'allowed', 'role:editor': 'conditional', 'role:viewer': 'denied' },
    ...overrides,
  };
}

/** A route with the given changes; by default `PUT /notes/{id}` for bearer and API keys. */
export function route(overrides: Partial<TargetRoute> = {}): TargetRoute {
  return {
    id: 'NotesController.update',
    method: 'PUT',
    path: '/notes/{id}',
    isPublic: false,
    isMutating: true,
    schemes: ['bearer', 'apiKey'],
    authorization: authorization(),
    rateLimits: [],
    parameters: [{ name: 'id', location: 'path', required: true, schema: { type: 'string' } }],
    body: null,
    examples: [],
    ...overrides,
  };
}

/** A target of the given routes with a bearer and an API-key scheme. */
export function target(routes: TargetRoute[]): ProbeTarget {
  return {
    title: 'Test API',
    routes,
    schemes: [
      { name: 'bearer', kind: 'bearer' },
      { name: 'apiKey', kind: 'api-key', in: 'header', parameterName: 'X-API-Key' },
    ],
    bodyLimits: null,
    hasPolicies: true,
  };
}

/** An actor holding a bearer token with the given roles. */
export function actor(name: string, roles: string[], scopes: string[] = []): Actor {
  return {
    name,
    principal: { name, credential: { kind: 'bearer', token: `token-of-${name}` }, roles, scopes },
    schemes: ['bearer'],
    headers: { authorization: `Bearer token-of-${name}` },
  };
}

/** A config with the given changes. */
export function config(overrides: Partial<ProbeConfig> = {}): ProbeConfig {
  return { ...EMPTY_PROBE_CONFIG, ...overrides };
}
