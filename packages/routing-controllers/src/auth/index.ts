export { createOAuthRouter, metadataPath } from './oauth-router';
export type { OAuthRouterOptions } from './oauth-router';
