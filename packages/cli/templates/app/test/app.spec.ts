import { expect } from 'chai';
import { call, startApp, type RunningApp } from './support';

describe('__APP_NAME__', () => {
  let running: RunningApp;

  beforeEach(async () => {
    running = await startApp();
  });

  afterEach(async () => {
    await running.close();
  });

  describe('@Public', () => {
    it('answers the health route without a credential', async () => {
      const res = await call(`${running.url}/health`);
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ status: 'ok' });
    });
  });

  describe('@Authorize', () => {
    it('refuses a request without a credential with 401', async () => {
      const res = await call(`${running.url}/tasks`);
      expect(res.status).to.equal(401);
      expect(res.body.code).to.equal('ERR_AUTHN_REQUIRED');
    });

    it('refuses an auditor who tries to create a task with 403', async () => {
      const res = await call(`${running.url}/tasks`, {
        method: 'POST',
        token: await running.tokenFor('otto'),
        body: { title: 'not mine to write' },
      });
      expect(res.status).to.equal(403);
      expect(res.body.code).to.equal('ERR_AUTHZ_DENIED');
    });

    it("hides another member's task and refuses to change it", async () => {
      const created = await call(`${running.url}/tasks`, {
        method: 'POST',
        token: await running.tokenFor('max'),
        body: { title: "max's task" },
      });
      expect(created.status).to.equal(201);
      const mia = await running.tokenFor('mia');
      const read = await call(`${running.url}/tasks/${created.body.id}`, { token: mia });
      expect(read.status).to.equal(404);
      const update = await call(`${running.url}/tasks/${created.body.id}`, {
        method: 'PUT',
        token: mia,
        body: { isDone: true },
      });
      expect(update.status).to.equal(403);
    });
  });

  describe('@Validate', () => {
    it('refuses unknown properties with 400', async () => {
      const res = await call(`${running.url}/tasks`, {
        method: 'POST',
        token: await running.tokenFor('max'),
        body: { title: 'ok', ownerId: 'someone-else' },
      });
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('ERR_VALIDATION_FAILED');
    });
  });

  describe('@RateLimit', () => {
    it('refuses the eleventh login attempt in a minute with 429', async () => {
      const attempt = () =>
        call(`${running.url}/auth/token`, {
          method: 'POST',
          body: { username: 'max', password: 'wrong-password' },
        });
      for (let i = 0; i < 10; i += 1) expect((await attempt()).status).to.equal(401);
      const refused = await attempt();
      expect(refused.status).to.equal(429);
      expect(refused.body.code).to.equal('ERR_RATE_LIMITED');
    });
  });

  describe('@Audit', () => {
    it('records a task creation with its title and the acting user', async () => {
      const token = await running.tokenFor('max');
      const res = await call(`${running.url}/tasks`, {
        method: 'POST',
        token,
        body: { title: 'audited' },
      });
      expect(res.status).to.equal(201);
      const rows = await running.app.context.dataSource.query(
        "SELECT action, actor_id AS actor, details FROM bulwark_audit_event WHERE action = 'task.create'",
      );
      expect(rows).to.have.length(1);
      expect(rows[0].actor).to.equal(res.body.ownerId);
      expect(JSON.parse(rows[0].details)).to.deep.include({ 'body.title': 'audited' });
    });
  });

  it('logs a demo user in and lets the token call a protected route', async () => {
    const login = await call(`${running.url}/auth/token`, {
      method: 'POST',
      body: { username: 'max', password: 'test-password' },
    });
    expect(login.status).to.equal(200);
    const list = await call(`${running.url}/tasks`, { token: login.body.access_token });
    expect(list.status).to.equal(200);
    expect(list.body.items).to.be.an('array');
  });
});
