import { EntitySchema } from 'typeorm';

/** One API key as a table row. Times are ISO 8601 text; scopes are a JSON array as text. */
export interface ApiKeyRow {
  id: string;
  ownerId: string;
  name: string;
  secretHash: string;
  scopes: string;
  tenant: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  replacedBy: string | null;
}

/** The table that holds API keys. */
export const API_KEY_TABLE = 'bulwark_api_key';

const text = { type: 'text' } as const;
const nullableText = { type: 'text', nullable: true } as const;

/**
 * The TypeORM entity of API keys. Add it to the data source's `entities`.
 *
 * The key itself is never stored: `secret_hash` holds its SHA-256. Rows are found by the
 * public identifier (primary key) and listed by owner (indexed). Times are ISO 8601 text, which
 * round-trips to the millisecond on every driver and sorts chronologically.
 *
 * @example
 * ```ts
 * new DataSource({ type: 'postgres', url, entities: [ApiKeyEntity, OAuthClientEntity] });
 * ```
 */
export const ApiKeyEntity = new EntitySchema<ApiKeyRow>({
  name: 'BulwarkApiKey',
  tableName: API_KEY_TABLE,
  columns: {
    id: { ...text, primary: true },
    ownerId: { ...text, name: 'owner_id' },
    name: text,
    secretHash: { ...text, name: 'secret_hash' },
    scopes: text,
    tenant: nullableText,
    createdAt: { ...text, name: 'created_at' },
    expiresAt: { ...nullableText, name: 'expires_at' },
    revokedAt: { ...nullableText, name: 'revoked_at' },
    lastUsedAt: { ...nullableText, name: 'last_used_at' },
    replacedBy: { ...nullableText, name: 'replaced_by' },
  },
  indices: [{ name: 'bulwark_api_key_owner', columns: ['ownerId', 'createdAt'] }],
});
