export { API_KEY_TABLE, ApiKeyEntity } from './api-key.entity';
export type { ApiKeyRow } from './api-key.entity';
export { OAUTH_CLIENT_TABLE, OAuthClientEntity } from './oauth-client.entity';
export type { OAuthClientRow } from './oauth-client.entity';
export { TypeOrmApiKeyStore } from './typeorm-api-key-store';
export { TypeOrmOAuthClientStore } from './typeorm-oauth-client-store';
