import { registerOAuthClient } from '@bulwark/auth';
import { TypeOrmOAuthClientStore } from '@bulwark/typeorm';
import type { DataSource } from 'typeorm';
import { call } from '../../support/notes-app';

/** What the setup needs from a started notes app (the reference app or its planted copy). */
export interface ProbedApp {
  readonly url: string;
  readonly dataSource: DataSource;
  readonly jwtSecret: string;
  /** A valid login token of a seeded demo user. */
  tokenFor(username: string): Promise<string>;
}

/** The probe config of a notes app, with the ids the setup created. */
export interface PreparedProbe {
  /** The JSON the `--config` file holds. */
  readonly config: Record<string, unknown>;
  /** Erin's unpublished note: only erin, her editor key and the admin may reach it. */
  readonly draftId: string;
}

/**
 * Prepares a notes app for the probe the way a tester would before a run: login tokens for the
 * four demo users, an OAuth client and its ES256 access token, an API key for erin and a revoked
 * one, and erin's draft note — then writes the config that tells the probe who is who.
 *
 * @param app - The started app.
 * @returns The config and the draft's id.
 */
export async function prepareProbe(app: ProbedApp): Promise<PreparedProbe> {
  const erin = await app.tokenFor('erin');
  const draft = await call(`${app.url}/notes`, {
    method: 'POST',
    token: erin,
    body: { title: 'Erin’s draft', body: 'Not for other eyes.' },
  });
  const key = await call(`${app.url}/me/api-keys`, {
    method: 'POST',
    token: erin,
    body: { name: 'probe', scopes: ['notes:read', 'notes:write'] },
  });
  const revoked = await call(`${app.url}/me/api-keys`, {
    method: 'POST',
    token: erin,
    body: { name: 'revoked', scopes: ['notes:read'] },
  });
  await call(`${app.url}/me/api-keys/${revoked.body.id}`, { method: 'DELETE', token: erin });
  const reporter = await clientToken(app);
  if (draft.status !== 201 || key.status !== 201 || reporter === null) {
    throw new Error(`setup failed: note ${draft.status}, key ${key.status}`);
  }
  const config = {
    principals: {
      alice: { token: await app.tokenFor('alice') },
      erin: { token: erin },
      eve: { token: await app.tokenFor('eve') },
      victor: { token: await app.tokenFor('victor') },
      'erin-key': { apiKey: key.body.key, roles: ['editor'] },
      reporter: { token: reporter, roles: ['viewer'] },
    },
    objects: [
      { subject: 'Note', id: draft.body.id, owner: 'erin', reachableBy: ['alice', 'erin-key'] },
    ],
    fieldRules: [{ subject: 'Note', fields: ['ownerId'], writableBy: ['alice'] }],
    revokedApiKeys: [revoked.body.key],
    jwt: { hmacSecret: app.jwtSecret, jwksPath: '/.well-known/jwks.json' },
  };
  return { config, draftId: draft.body.id as string };
}

/** Registers a client with the notes:read scope and gets its access token. */
async function clientToken(app: ProbedApp): Promise<string | null> {
  const { clientSecret } = await registerOAuthClient(new TypeOrmOAuthClientStore(app.dataSource), {
    id: 'probe-reporter',
    name: 'Probe reporter',
    allowedScopes: ['notes:read'],
  });
  const basic = Buffer.from(`probe-reporter:${clientSecret}`).toString('base64');
  const res = await call(`${app.url}/oauth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    rawBody: 'grant_type=client_credentials&scope=notes:read',
  });
  return res.status === 200 ? (res.body.access_token as string) : null;
}
