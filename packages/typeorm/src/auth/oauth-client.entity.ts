import { EntitySchema } from 'typeorm';

/** One OAuth client as a table row. Times are ISO 8601 text; scopes are a JSON array as text. */
export interface OAuthClientRow {
  id: string;
  name: string;
  secretHash: string;
  allowedScopes: string;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

/** The table that holds OAuth clients. */
export const OAUTH_CLIENT_TABLE = 'bulwark_oauth_client';

const text = { type: 'text' } as const;

/**
 * The TypeORM entity of OAuth clients for the client-credentials grant. Add it to the data
 * source's `entities`. The client secret is never stored: `secret_hash` holds its scrypt hash.
 *
 * @example
 * ```ts
 * new DataSource({ type: 'better-sqlite3', database: 'app.db', entities: [OAuthClientEntity] });
 * ```
 */
export const OAuthClientEntity = new EntitySchema<OAuthClientRow>({
  name: 'BulwarkOAuthClient',
  tableName: OAUTH_CLIENT_TABLE,
  columns: {
    id: { ...text, primary: true },
    name: text,
    secretHash: { ...text, name: 'secret_hash' },
    allowedScopes: { ...text, name: 'allowed_scopes' },
    enabled: { type: 'boolean' },
    createdAt: { ...text, name: 'created_at' },
    updatedAt: { ...text, name: 'updated_at' },
  },
});
