/**
 * The parts of OpenAPI 3.1 the generator writes. Schema objects are JSON Schema 2020-12, so they
 * stay open records; everything else is typed as far as Bulwark fills it in.
 */

/** A JSON Schema (2020-12) as OpenAPI 3.1 uses it. */
export type SchemaObject = { [keyword: string]: unknown };

/** A reference to a component. */
export interface ReferenceObject {
  readonly $ref: string;
}

/** One response header. */
export interface HeaderObject {
  description: string;
  required?: boolean;
  schema: SchemaObject;
}

/** One named example. */
export interface ExampleObject {
  summary?: string;
  value: unknown;
}

/** The body of one media type. */
export interface MediaTypeObject {
  schema?: SchemaObject;
  examples?: Record<string, ExampleObject>;
}

/** One response of an operation. */
export interface ResponseObject {
  description: string;
  headers?: Record<string, HeaderObject | ReferenceObject>;
  content?: Record<string, MediaTypeObject>;
}

/** A path, query or header parameter. */
export interface ParameterObject {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description?: string;
  style?: 'form' | 'simple' | 'deepObject';
  explode?: boolean;
  schema: SchemaObject;
}

/** The request body of an operation. */
export interface RequestBodyObject {
  required: boolean;
  description?: string;
  content: Record<string, MediaTypeObject>;
}

/** One security requirement: scheme name to scopes (OAuth 2.0) or role names (others). */
export type SecurityRequirement = Record<string, string[]>;

/** One operation, with Bulwark's `x-bulwark-…` extensions. */
export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  deprecated?: boolean;
  security: SecurityRequirement[];
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject>;
  [extension: `x-${string}`]: unknown;
}

/** The operations of one path template, by lower-case HTTP method. */
export type PathItemObject = Partial<
  Record<'get' | 'head' | 'post' | 'put' | 'patch' | 'delete' | 'options', OperationObject>
>;

/** An OAuth 2.0 flow. */
export interface OAuthFlowObject {
  tokenUrl?: string;
  authorizationUrl?: string;
  refreshUrl?: string;
  scopes: Record<string, string>;
}

/** A security scheme of `components.securitySchemes`. */
export type SecuritySchemeObject =
  | { type: 'http'; scheme: string; bearerFormat?: string; description?: string }
  | { type: 'apiKey'; in: 'header' | 'cookie'; name: string; description?: string }
  | {
      type: 'oauth2';
      flows: Partial<
        Record<'clientCredentials' | 'authorizationCode' | 'implicit' | 'password', OAuthFlowObject>
      >;
      description?: string;
    }
  | { type: 'openIdConnect'; openIdConnectUrl: string; description?: string }
  | { type: 'mutualTLS'; description?: string };

/** A server the API is reachable at. */
export interface ServerObject {
  url: string;
  description?: string;
  [extension: `x-${string}`]: unknown;
}

/** A tag with its description. */
export interface TagObject {
  name: string;
  description?: string;
}

/** The `info` object. */
export interface InfoObject {
  title: string;
  version: string;
  description?: string;
  contact?: { name?: string; url?: string; email?: string };
  license?: { name: string; identifier?: string; url?: string };
}

/** A whole OpenAPI 3.1 document as the generator writes it. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: InfoObject;
  servers: ServerObject[];
  tags: TagObject[];
  paths: Record<string, PathItemObject>;
  components: {
    schemas: Record<string, SchemaObject>;
    headers: Record<string, HeaderObject>;
    securitySchemes: Record<string, SecuritySchemeObject>;
  };
  [extension: `x-${string}`]: unknown;
}
