export type { Authenticator, CredentialRequest } from './authenticator';

export { createJwtAuthenticator } from './jwt/jwt-authenticator';
export type { JwtAuthenticator, JwtAuthenticatorOptions } from './jwt/jwt-authenticator';
export type { JwksKeyOption, JwksUrlKeyOption, JwtKeyOption } from './jwt/jwt-key-source';
export type { JsonWebKeySet } from './jwt/jwk-set';
export type { FetchLike } from './jwt/remote-key-set';
export { combineJwtAuthenticators } from './jwt/issuer-dispatch';
export type { CombinedJwtOptions } from './jwt/issuer-dispatch';
export { insufficientScopeError } from './jwt/insufficient-scope';
export type { InsufficientScopeOptions } from './jwt/insufficient-scope';
export { createTokenSigner } from './jwt/token-signer';
export type { SignOptions, TokenClaims, TokenSigner, TokenSignerOptions } from './jwt/token-signer';
export { bearerChallenge } from './jwt/bearer-challenge';
export type { BearerChallengeParams, BearerErrorCode } from './jwt/bearer-challenge';
export type { ClaimsMapper, ClaimsMapping } from './jwt/claims-to-principal';
export type { JwsAlgorithm } from './jwt/algorithms';
export type { PublicKeyOption, SecretKeyOption } from './jwt/local-key';
export type { PrivateKeyInput } from './jwt/private-key';
export { AUTH_DEFAULTS } from './config/defaults';

export { createTokenEndpoint } from './oauth/token-endpoint';
export type { TokenEndpoint, TokenEndpointOptions, TokenResponse } from './oauth/token-endpoint';
export type { TokenRequest } from './oauth/token-request';
export { MAX_TOKEN_REQUEST_BYTES } from './oauth/token-request';
export { createSigningKeyRing, SigningKeyRing } from './oauth/signing-key-ring';
export type {
  IssuerAlgorithm,
  SigningKey,
  SigningKeyInit,
  SigningKeyRingOptions,
} from './oauth/signing-key-ring';
export { MemoryOAuthClientStore } from './oauth/oauth-client-store';
export type { OAuthClient, OAuthClientStore } from './oauth/oauth-client-store';
export { registerOAuthClient, rotateOAuthClientSecret } from './oauth/client-registration';
export type { OAuthClientInit, RegisteredClient } from './oauth/client-registration';
export type { FailureKeys, FailureThrottle, ThrottleDecision } from './oauth/failure-throttle';
export type { OAuthErrorCode } from './oauth/oauth-error';
export { DEFAULT_SCRYPT, hashSecret, needsRehash, verifySecret } from './secrets/scrypt-hash';
export type { ScryptParams } from './secrets/scrypt-hash';

export { createApiKeyAuthenticator } from './api-keys/api-key-authenticator';
export type {
  ApiKeyAuthenticatorOptions,
  ApiKeyFacts,
  ApiKeyOwner,
} from './api-keys/api-key-authenticator';
export { createApiKeyManager } from './api-keys/api-key-manager';
export type {
  ApiKeyInit,
  ApiKeyManager,
  ApiKeyManagerOptions,
  ApiKeyView,
  CreatedApiKey,
} from './api-keys/api-key-manager';
export { MemoryApiKeyStore } from './api-keys/api-key-store';
export type { ApiKeyChanges, ApiKeyRecord, ApiKeyStore } from './api-keys/api-key-store';
export { apiKeyPattern, generateApiKey, hashApiKey, parseApiKey } from './api-keys/api-key-format';
export type { ParsedApiKey } from './api-keys/api-key-format';
