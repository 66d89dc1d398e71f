import type { RoutePolicy } from '@bulwark/core';
import { expect } from 'chai';
import { validate } from 'class-validator';
import fc from 'fast-check';
import { startNotesApp, type RunningNotesApp } from '../support/notes-app';
import { send } from './support/http';

/** What the instrumented handlers saw: calls per route and every DTO that should not have passed. */
interface Observations {
  readonly calls: Map<string, number>;
  readonly violations: string[];
}

/**
 * Wraps every handler of the app's routes: before the original runs, each DTO location the
 * route declares must have arrived as an instance of its DTO that passes the same validation
 * again. Returns a function that restores the originals.
 */
function instrument(policies: readonly RoutePolicy[], seen: Observations): () => void {
  const restores: Array<() => void> = [];
  for (const policy of policies) {
    const prototype = policy.controller.prototype as Record<
      string,
      (...args: unknown[]) => unknown
    >;
    const original = prototype[policy.handler] as (...args: unknown[]) => unknown;
    const { body, query, params, groups } = policy.validation;
    const dtos = new Set([body, query, params].filter((dto): dto is Function => dto !== null));
    // The handler's own parameter types say which arguments must be validated DTOs.
    const types = (Reflect.getMetadata('design:paramtypes', prototype, policy.handler) ??
      []) as Function[];
    prototype[policy.handler] = async function (this: unknown, ...args: unknown[]) {
      seen.calls.set(policy.id, (seen.calls.get(policy.id) ?? 0) + 1);
      for (const [index, type] of types.entries()) {
        if (!dtos.has(type)) continue;
        const instance = args[index];
        if (!(instance instanceof type)) {
          seen.violations.push(`${policy.id}: argument ${index} is not a ${type.name}`);
          continue;
        }
        const errors = await validate(instance as object, {
          whitelist: true,
          forbidNonWhitelisted: true,
          forbidUnknownValues: true,
          always: true,
          strictGroups: true,
          ...(groups.length > 0 ? { groups: [...groups] } : {}),
        });
        if (errors.length > 0)
          seen.violations.push(`${policy.id}: invalid ${type.name} ${JSON.stringify(instance)}`);
      }
      return original.apply(this, args);
    };
    restores.push(() => {
      prototype[policy.handler] = original;
    });
  }
  return () => restores.forEach((restore) => restore());
}

/** Percent-encodes the UTF-8 bytes of any string, so every generated segment is a valid URL. */
function encodeBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

const adversarialText = fc.constantFrom(
  '',
  ' ',
  "' OR 1=1 --",
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000',
  '\u202e',
  'ａｄｍｉｎ',
  '1e999',
  'NaN',
  '-1',
  '0x10',
  'x'.repeat(300),
);
const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), adversarialText);
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const dtoKeys = fc.constantFrom(
  'title',
  'body',
  'isPublished',
  'username',
  'password',
  'limit',
  'offset',
  'ownerId',
  'id',
  'role',
  '__proto__',
  'constructor',
  'prototype',
  '$where',
);
const nearValidBody = fc.dictionary(
  fc.oneof(dtoKeys, fc.string({ maxLength: 12 })),
  fc.oneof(scalar, fc.jsonValue({ maxDepth: 3 })),
  {
    maxKeys: 6,
  },
);
const rawBody = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '{"__proto__":{"polluted":true}}',
    '{"constructor":{"prototype":{"polluted":true}}}',
    `${'['.repeat(50)}${']'.repeat(50)}`,
    `{"title":"${'x'.repeat(20_000)}","body":"b"}`,
    `[${Array.from({ length: 2000 }, () => '1').join(',')}]`,
    '{"title":"t","body":"b"',
    'null',
    '"just a string"',
  ),
);
const shapedBody = fc.oneof(
  fc.record(
    {
      title: fc.oneof(fc.string({ minLength: 1, maxLength: 50 }), scalar),
      body: fc.oneof(fc.string({ maxLength: 100 }), scalar),
      isPublished: fc.oneof(fc.boolean(), scalar),
    },
    { requiredKeys: [] },
  ),
  fc.record(
    {
      username: fc.oneof(fc.constantFrom('erin', 'alice', 'nobody'), text),
      password: fc.oneof(fc.constant('wrong-password'), text),
    },
    { requiredKeys: [] },
  ),
);
const request = fc.record({
  route: fc.nat(),
  /** Percentages deciding whether a body and a query string are sent, given the route. */
  bodyChance: fc.integer({ min: 0, max: 99 }),
  queryChance: fc.integer({ min: 0, max: 99 }),
  user: fc.constantFrom('alice', 'erin', 'eve', 'victor', 'none', 'forged'),
  id: fc.oneof(
    fc.constant('existing'),
    fc.uuid(),
    text.map(encodeBytes),
    fc.constantFrom('%', '%E0%A4%A', '%00'),
  ),
  query: fc.oneof(
    fc
      .dictionary(
        fc.oneof(dtoKeys, fc.constantFrom('a[b]', 'limit[]'), fc.string({ maxLength: 8 })),
        text,
        { minKeys: 1, maxKeys: 4 },
      )
      .map((entries) =>
        Object.entries(entries)
          .map(([k, v]) => `${encodeBytes(k)}=${encodeBytes(v)}`)
          .join('&'),
      ),
    fc.constantFrom('limit=5', 'limit=5&offset=1', 'limit=%', 'limit=1&limit=2', '__proto__[x]=1'),
  ),
  body: fc.oneof(
    shapedBody.map((value) => JSON.stringify(value)),
    nearValidBody.map((value) => JSON.stringify(value)),
    fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
    rawBody,
  ),
  contentType: fc.oneof(
    { arbitrary: fc.constant('application/json'), weight: 8 },
    {
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
      ),
      weight: 2,
    },
  ),
});

describe('fuzzing every route of the reference app', function () {
  this.timeout(180_000);
  let app: RunningNotesApp;
  let restore: () => void;
  let tokens: Record<string, string | undefined>;
  let existingId: string;
  const seen: Observations = { calls: new Map(), violations: [] };

  before(async () => {
    app = await startNotesApp();
    restore = instrument(app.notes.bulwark.policies, seen);
    tokens = { none: undefined, forged: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.' };
    for (const user of ['alice', 'erin', 'eve', 'victor']) tokens[user] = await app.tokenFor(user);
    existingId = (await app.notes.context.notes.find())[0]?.id ?? 'none';
  });

  after(async () => {
    restore();
    await app.close();
  });

  it('reaches the handlers with valid requests (before the fuzz spends the rate limits)', async () => {
    const erin = tokens.erin as string;
    await send(`${app.url}/notes?limit=5`, { token: erin });
    await send(`${app.url}/notes`, {
      method: 'POST',
      token: erin,
      json: { title: 't', body: 'b' },
    });
    await send(`${app.url}/notes/${existingId}`, { token: erin });

    expect(seen.calls.get('NotesController.list')).to.be.greaterThan(0);
    expect(seen.calls.get('NotesController.create')).to.be.greaterThan(0);
    expect(seen.calls.get('NotesController.one')).to.be.greaterThan(0);
    expect(seen.violations).to.deep.equal([]);
  });

  it('never answers 500 and never calls a handler with an invalid DTO', async () => {
    const policies = app.notes.bulwark.policies;
    await fc.assert(
      fc.asyncProperty(request, async (sample) => {
        const policy = policies[sample.route % policies.length] as RoutePolicy;
        const id = sample.id === 'existing' ? existingId : sample.id;
        const path = policy.path.replace(':id', id);
        const hasQuery = sample.queryChance < (policy.validation.query === null ? 15 : 70);
        const body =
          sample.bodyChance < (policy.validation.body === null ? 10 : 85) ? sample.body : undefined;
        const url = `${app.url}${path}${hasQuery ? `?${sample.query}` : ''}`;
        const headers: Record<string, string> =
          body === undefined ? {} : { 'content-type': sample.contentType };
        const token = tokens[sample.user];
        const res = await send(url, {
          method: policy.method,
          headers,
          ...(token === undefined ? {} : { token }),
          ...(body === undefined ? {} : { raw: body }),
        });

        expect(res.status, `${policy.method} ${url} → ${res.text.slice(0, 300)}`).to.be.below(500);
        expect(seen.violations).to.deep.equal([]);
      }),
      { numRuns: 500 },
    );
  });

  it('checks DTO arguments on the routes that take them', () => {
    const checked = app.notes.bulwark.policies.filter((policy) => {
      const types = (Reflect.getMetadata(
        'design:paramtypes',
        policy.controller.prototype as object,
        policy.handler,
      ) ?? []) as Function[];
      return types.some(
        (type) => type === policy.validation.body || type === policy.validation.query,
      );
    });

    expect(checked.map((p) => p.id)).to.include.members([
      'AuthController.token',
      'NotesController.list',
      'NotesController.create',
      'NotesController.update',
    ]);
  });
});
