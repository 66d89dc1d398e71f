import { expect } from 'chai';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';

describe('notes-api monitoring', () => {
  let app: RunningNotesApp;

  before(async () => {
    app = await startNotesApp();
  });

  after(() => app.close());

  it('refuses the metrics to anonymous callers and to non-admins', async () => {
    expect((await call(`${app.url}/metrics`)).status).to.equal(401);
    const viewer = await call(`${app.url}/metrics`, { token: await app.tokenFor('victor') });
    expect(viewer.status).to.equal(403);
    expect(viewer.body.code).to.equal('ERR_AUTHZ_DENIED');
  });

  it('counts requests and denials by compiled route, not by raw path', async () => {
    await call(`${app.url}/admin/users`, { token: await app.tokenFor('victor') });
    await call(`${app.url}/notes/00000000-0000-4000-8000-000000000000/../../etc/passwd`);
    const res = await call(`${app.url}/metrics`, { token: await app.tokenFor('alice') });
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/^text\/plain/);
    expect(res.body).to.match(/bulwark_http_requests_total\{[^}]*route="UsersController.users"/);
    expect(res.body).to.match(
      /bulwark_authorization_denials_total\{[^}]*route="UsersController.users"/,
    );
    expect(res.body).to.not.include('etc/passwd');
  });
});
