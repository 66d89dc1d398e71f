import { expect } from 'chai';
import type { OpenApiDocument } from '@bulwark/openapi';
import { call, startNotesApp, type RunningNotesApp } from '../support/notes-app';
import {
  bodyOf,
  concretePath,
  documentedCodes,
  expressPath,
  forbiddenBodies,
  operationsOf,
  type DocumentedOperation,
} from './support/operations';

interface ExpressLayer {
  readonly route?: { readonly path: string; readonly methods: Record<string, boolean> };
}

/**
 * Every route registered on the Express app itself (mounted routers are not routes of the API),
 * without a trailing slash: Express routing is not strict, so `/notes/` also answers `/notes`.
 */
function expressRoutes(app: RunningNotesApp): string[] {
  const stack = (app.notes.app as unknown as { _router: { stack: ExpressLayer[] } })._router.stack;
  return stack.flatMap((layer) =>
    layer.route === undefined
      ? []
      : Object.keys(layer.route.methods)
          .filter((method) => method !== '_all')
          .map((method) => `${method.toUpperCase()} ${layer.route?.path.replace(/(.)\/$/, '$1')}`),
  );
}

/** Checks an answer against the operation's documented responses. */
function expectDocumented(
  operation: DocumentedOperation,
  answer: { status: number; headers: Headers; body: any },
): void {
  const where = `${operation.method} ${operation.template} → ${answer.status} ${answer.body?.code ?? ''}`;
  const documented = operation.operation.responses[String(answer.status)];
  expect(documented, `${where} is not documented`).to.not.equal(undefined);
  if (answer.status >= 400) {
    expect(answer.headers.get('content-type'), where).to.match(/^application\/problem\+json/);
    expect(documentedCodes(operation.operation, answer.status), where).to.include(answer.body.code);
  }
  for (const name of Object.keys(documented?.headers ?? {})) {
    // RFC 9110 §15.5.2: a 401 of the authentication step always names the accepted schemes.
    const isRequired =
      name === 'Retry-After' ||
      (name === 'WWW-Authenticate' &&
        answer.status === 401 &&
        operation.operation.security.length > 0);
    if (isRequired) expect(answer.headers.get(name), `${where}: ${name}`).to.not.equal(null);
  }
  const limits = (operation.operation['x-bulwark-rate-limits'] ?? []) as { key: string }[];
  if (documented?.headers?.RateLimit !== undefined && limits.some((l) => l.key === 'ip')) {
    expect(answer.headers.get('ratelimit'), `${where}: RateLimit`).to.not.equal(null);
  }
}

describe('the OpenAPI document against the running reference app', function () {
  this.timeout(60_000);
  let app: RunningNotesApp;
  let document: OpenApiDocument;

  beforeEach(async () => {
    app = await startNotesApp();
    document = (await call(`${app.url}/openapi.json`)).body as OpenApiDocument;
  });

  afterEach(async () => {
    await app.close();
  });

  it('serves at /openapi.json the document it generated', () => {
    expect(document).to.deep.equal(JSON.parse(JSON.stringify(app.notes.openapi)));
  });

  it('names in each OAuth 2.0 flow a token URL the app serves', async () => {
    const flows = Object.values(document.components.securitySchemes).flatMap((scheme) =>
      scheme.type === 'oauth2' ? Object.values(scheme.flows) : [],
    );
    expect(flows).to.have.length.greaterThan(0);
    for (const flow of flows) {
      const answer = await call(`${app.url}${flow.tokenUrl}`, {
        method: 'POST',
        rawBody: 'grant_type=client_credentials',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      // No client credentials: the token endpoint refuses in OAuth 2.0 form, it is not missing.
      expect(answer.status).to.be.oneOf([400, 401]);
      expect(answer.body.error).to.be.a('string');
    }
  });

  it('documents every route Express serves, and nothing else', () => {
    const documented = operationsOf(document).map((o) => `${o.method} ${expressPath(o.template)}`);
    expect(documented.sort()).to.deep.equal(expressRoutes(app).sort());
  });

  it('answers every documented operation with a documented response, anonymous or not', async () => {
    const token = await app.tokenFor('alice');
    for (const operation of operationsOf(document)) {
      const url = `${app.url}${concretePath(operation)}`;
      const anonymous = await call(url, { method: operation.method });
      expect(anonymous.body?.code, `${operation.method} ${operation.template}`).to.not.equal(
        'ERR_ROUTE_NOT_FOUND',
      );
      expectDocumented(operation, anonymous);
      if (operation.operation.security.length === 0) continue;
      expect(anonymous.status).to.equal(401);
      const body = bodyOf(document, operation.operation)?.example;
      const signedIn = await call(url, { method: operation.method, token, body });
      expectDocumented(operation, signedIn);
    }
  });

  it('refuses each body the schema forbids, and accepts the documented example', async () => {
    const token = await app.tokenFor('alice');
    const created = await call(`${app.url}/notes`, {
      method: 'POST',
      token,
      body: { title: 'Target', body: 'for updates' },
    });
    const withBodies = operationsOf(document).filter((o) => bodyOf(document, o.operation) !== null);
    expect(withBodies.map((o) => `${o.method} ${o.template}`)).to.include.members([
      'POST /auth/token',
      'POST /notes',
      'PUT /notes/{id}',
    ]);
    for (const operation of withBodies) {
      const { schema, example } = bodyOf(document, operation.operation)!;
      const url = `${app.url}${concretePath(operation, { id: created.body.id })}`;
      const send = (body: unknown, headers?: Record<string, string>) =>
        call(url, { method: operation.method, token, body, headers });
      // The example passes validation; sign-in's example names no real account, so it answers 401.
      const accepted = await send(example);
      expect(accepted.status, `${operation.template} example`).to.not.be.oneOf([400, 413, 415]);
      expectDocumented(operation, accepted);
      if (operation.operation.security.length > 0) expect(accepted.status).to.be.within(200, 299);
      for (const { rule, body } of forbiddenBodies(schema, example)) {
        const refused = await send(body);
        expect(refused.status, `${operation.template} ${rule}`).to.equal(400);
        expect(refused.body.code, `${operation.template} ${rule}`).to.equal(
          'ERR_VALIDATION_FAILED',
        );
        expectDocumented(operation, refused);
      }
      const notJson = await call(url, {
        method: operation.method,
        token,
        rawBody: 'title=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(notJson.status).to.equal(415);
      expectDocumented(operation, notJson);
    }
  });

  it('refuses query and path values the schema forbids', async () => {
    const token = await app.tokenFor('alice');
    const list = operationsOf(document).find((o) => o.method === 'GET' && o.template === '/notes')!;
    const limit = list.operation.parameters?.find((p) => p.name === 'limit')?.schema;
    expect(limit?.maximum).to.equal(100);
    for (const query of [`limit=${(limit?.maximum as number) + 1}`, 'limit=abc', 'unknown=1']) {
      const refused = await call(`${app.url}/notes?${query}`, { token });
      expect(refused.status, query).to.equal(400);
      expectDocumented(list, refused);
    }
    const health = operationsOf(document).find((o) => o.template === '/health')!;
    const undeclared = await call(`${app.url}/health?verbose=1`);
    expect(undeclared.status).to.equal(400);
    expectDocumented(health, undeclared);

    const one = operationsOf(document).find(
      (o) => o.method === 'GET' && o.template === '/notes/{id}',
    )!;
    expect(one.operation.parameters?.[0]?.schema.format).to.equal('uuid');
    const notUuid = await call(`${app.url}/notes/not-a-uuid`, { token });
    expect(notUuid.status).to.be.within(400, 404);
    expectDocumented(one, notUuid);
  });
});
