export { generateOpenApi } from './document/generate-openapi';
export { DEFAULT_SERVER } from './document/generate-options';
export type { OpenApiOptions, OpenApiSource } from './document/generate-options';
export type {
  ExampleObject,
  HeaderObject,
  InfoObject,
  MediaTypeObject,
  OAuthFlowObject,
  OpenApiDocument,
  OperationObject,
  ParameterObject,
  PathItemObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirement,
  SecuritySchemeObject,
  ServerObject,
  TagObject,
} from './document/openapi-types';

export {
  serializeOpenApi,
  writeOpenApiDocument,
  writeOpenApiFile,
} from './output/write-openapi-file';
export type { OpenApiDocumentInput } from './output/write-openapi-file';
export { apiReference, API_REFERENCE_CSP } from './serve/api-reference';
export type { ApiReferenceOptions } from './serve/api-reference';

export {
  apiKeyScheme,
  authSchemeOf,
  bearerJwtScheme,
  DEFAULT_DESCRIBERS,
  oauth2ClientCredentialsScheme,
} from './security/scheme-describers';
export type {
  DocumentedScheme,
  SchemeContext,
  SchemeDescriber,
} from './security/scheme-describers';

export { Summary } from './decorators/summary.decorator';
export { Tags } from './decorators/tags.decorator';
export { Example } from './decorators/example.decorator';
export { Refuses } from './decorators/refuses.decorator';
export { documentRoute } from './decorators/document-route';
export type { RouteDocumentation } from './decorators/document-route';
export type { ExampleDeclaration } from './decorators/route-docs';
