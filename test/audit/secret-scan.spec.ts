import { expect } from 'chai';
import { AUDIT_EVENT_TABLE } from '@bulwark/typeorm';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { AUDIT_SUITE_SECRETS } from './support/secrets';

describe('secrets in the audit trail of the reference app', () => {
  let app: RunningNotesApp;
  const issued: string[] = [];

  before(async () => {
    app = await startNotesApp({ config: { jwtSecret: AUDIT_SUITE_SECRETS.jwtSecret } });
    const { url } = app;
    const noisy = {
      cookie: `sid=${AUDIT_SUITE_SECRETS.cookie}`,
      'x-api-key': AUDIT_SUITE_SECRETS.apiKey,
      'user-agent': `scanner Bearer ${AUDIT_SUITE_SECRETS.apiKey}`,
    };

    for (const password of [AUDIT_SUITE_SECRETS.demoPassword, AUDIT_SUITE_SECRETS.wrongPassword]) {
      const login = await call(`${url}/auth/token`, {
        method: 'POST',
        headers: noisy,
        body: { username: 'erin', password },
      });
      if (login.status === 200) issued.push(login.body.access_token);
    }
    const token = issued[0] as string;
    const created = await call(`${url}/notes`, {
      method: 'POST',
      token,
      headers: noisy,
      body: { title: `copied ${AUDIT_SUITE_SECRETS.forgedToken}`, body: token },
    });
    await call(`${url}/notes/${created.body.id}`, {
      method: 'PUT',
      token,
      headers: noisy,
      body: { title: `Bearer ${AUDIT_SUITE_SECRETS.apiKey}` },
    });
    await call(`${url}/notes/${created.body.id}`, {
      method: 'PUT',
      token: await app.tokenFor('victor'),
      headers: noisy,
      body: { title: 'denied' },
    });
    await call(`${url}/notes`, { token: AUDIT_SUITE_SECRETS.forgedToken, headers: noisy });
    await call(`${url}/admin/users`, { token: `${token}tampered`, headers: noisy });
    issued.push(await app.tokenFor('victor'));
  });

  after(async () => {
    await app.close();
  });

  it('stores events for the scenario', async () => {
    const rows = await storedRows();

    const actions = rows.map((row) => row.action);
    expect(actions).to.include.members([
      'auth.login',
      'note.create',
      'note.update',
      'authz.denied',
    ]);
    expect(actions).to.include('authn.failure');
  });

  it('stores none of the secrets, tokens or token parts sent', async () => {
    const text = JSON.stringify(await storedRows());
    const secrets = [
      ...Object.values(AUDIT_SUITE_SECRETS),
      ...issued,
      ...issued.flatMap((token) => token.split('.').filter((part) => part.length >= 16)),
      ...AUDIT_SUITE_SECRETS.forgedToken.split('.'),
    ];

    const leaked = secrets.filter((secret) => text.includes(secret));

    expect(leaked).to.deep.equal([]);
  });

  /** Every stored row, read once the asynchronous events have had their batch written. */
  async function storedRows(): Promise<Array<Record<string, unknown>>> {
    await app.notes.bulwark.close();
    const dataSource = app.notes.context.dataSource;
    return dataSource.query(`SELECT * FROM ${AUDIT_EVENT_TABLE} ORDER BY sequence`);
  }
});
