/** A JSON Schema as found in an OpenAPI 3.1 document, with every `$ref` already resolved. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** HTTP methods the probe knows how to attack. */
export type ProbeMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** How one role or scope holds a route's permission, as the compiled policy says. */
export type TargetGrant = 'allowed' | 'conditional' | 'denied';

/** One path, query or header parameter of a route. */
export interface TargetParameter {
  readonly name: string;
  readonly location: 'path' | 'query' | 'header';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** The authorization step of a route, from its compiled policy. */
export interface TargetAuthorization {
  readonly action: string | null;
  readonly subject: string | null;
  /** One of these roles is required (empty: no role requirement). */
  readonly roles: readonly string[];
  /** Every one of these scopes is required. */
  readonly scopes: readonly string[];
  /** The route loads the object named in its path and checks the permission on it. */
  readonly loadsInstance: boolean;
  /** The route lists objects and narrows the list to what the principal may act on. */
  readonly isList: boolean;
  /** The status an object-level refusal answers with (404 hides existence). */
  readonly deniedStatus: 403 | 404;
  /** Every request is refused (a route without policy in non-strict mode). */
  readonly isDenyAll: boolean;
  /** `role:<name>` and `scope:<name>` to how each holds the action on the subject. */
  readonly grants: Readonly<Record<string, TargetGrant>>;
}

/** One rate limit of a route. */
export interface TargetRateLimit {
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
  readonly algorithm: string;
  /** `ip`, `principal`, `api-key`, `client`, `tenant` or `custom`. */
  readonly key: string;
  readonly cost: number;
  /** `app`: one counter shared by every route; `route`: a counter of this route only. */
  readonly scope: 'app' | 'route';
}

/** One route as the probe attacks it. */
export interface TargetRoute {
  /** The policy id (`Controller.method`) or the operation id. */
  readonly id: string;
  readonly method: ProbeMethod;
  /** The path template in OpenAPI form, such as `/notes/{id}`. */
  readonly path: string;
  readonly isPublic: boolean;
  readonly isMutating: boolean;
  /** Names of the security schemes the route accepts (empty on public routes). */
  readonly schemes: readonly string[];
  /** `null` on public routes and when the document carries no Bulwark policy. */
  readonly authorization: TargetAuthorization | null;
  /** `null` when the document does not say (a document not made by Bulwark). */
  readonly rateLimits: readonly TargetRateLimit[] | null;
  readonly parameters: readonly TargetParameter[];
  /** The JSON body schema, or `null` for a route that takes no body. */
  readonly body: JsonSchema | null;
  /** Request examples the document gives, first to last. */
  readonly examples: readonly unknown[];
}

/** An authentication scheme of the app. */
export interface TargetScheme {
  readonly name: string;
  /** `bearer` covers HTTP bearer, OAuth 2.0 and OpenID Connect schemes. */
  readonly kind: 'bearer' | 'api-key' | 'basic' | 'other';
  /** For API keys: where the key goes and under which name. */
  readonly in?: 'header' | 'query' | 'cookie';
  readonly parameterName?: string;
}

/** The limits every JSON body is held to before validation. */
export interface TargetBodyLimits {
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxArrayLength: number;
  readonly maxStringLength: number;
}

/**
 * Everything the probe knows about an app before it sends anything: its routes with their
 * policies and schemas, its authentication schemes and its body limits. Built from an OpenAPI
 * document, which Bulwark generates from the compiled policies, so the probe needs no web
 * framework.
 */
export interface ProbeTarget {
  readonly title: string;
  readonly routes: readonly TargetRoute[];
  readonly schemes: readonly TargetScheme[];
  /** `null` when the document does not state them. */
  readonly bodyLimits: TargetBodyLimits | null;
  /** True when the document carries Bulwark's `x-bulwark-…` policy members. */
  readonly hasPolicies: boolean;
}

/** The methods that change state; the probe sends them only with `--allow-writes`. */
export const WRITE_METHODS: ReadonlySet<string> = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Names a route for reports: `GET /notes/{id}`.
 *
 * @param route - The route.
 * @returns Method and path template.
 */
export function routeLabel(route: Pick<TargetRoute, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}
