import { expect } from 'chai';
import { createRedactor, isSecretKey, REDACTED } from '@bulwark/audit';

describe('isSecretKey', () => {
  it('recognises passwords, tokens, secrets, API keys and credential headers', () => {
    const keys = [
      'password',
      'newPassword',
      'refresh_token',
      'accessToken',
      'client_secret',
      'X-Api-Key',
      'apiKey',
      'authorization',
      'Cookie',
      'set-cookie',
      'privateKey',
      'sessionId',
      'otp',
      'body.user.pwd',
    ];
    expect(keys.filter((key) => !isSecretKey(key))).to.deep.equal([]);
  });

  it('leaves ordinary names alone', () => {
    const keys = ['title', 'body', 'id', 'spinner', 'options', 'author', 'description'];
    expect(keys.filter((key) => isSecretKey(key))).to.deep.equal([]);
  });
});

describe('createRedactor', () => {
  const redact = createRedactor();

  context('when details hold secrets by key name', () => {
    it('replaces them at any depth, inside arrays too', () => {
      const result = redact({
        body: { user: { name: 'ann', password: 'hunter2' } },
        headers: { authorization: 'Bearer abc', cookie: 'sid=1' },
        changes: [{ field: 'apiKey', apiKey: 'k-123' }],
      });
      expect(result).to.deep.equal({
        body: { user: { name: 'ann', password: REDACTED } },
        headers: { authorization: REDACTED, cookie: REDACTED },
        changes: [{ field: 'apiKey', apiKey: REDACTED }],
      });
    });

    it('redacts a whole subtree under a secret key', () => {
      const result = redact({ credentials: { user: 'ann', key: 'k' } });
      expect(result).to.deep.equal({ credentials: REDACTED });
    });

    it('redacts dotted body paths by their last segment', () => {
      expect(redact({ 'user.password': 'hunter2', 'user.name': 'ann' })).to.deep.equal({
        'user.password': REDACTED,
        'user.name': 'ann',
      });
    });
  });

  context('when a string value carries a credential', () => {
    it('masks bearer tokens and JSON Web Tokens inside the text', () => {
      const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
      const result = redact({ note: `sent Bearer abc.def and ${jwt}` });
      expect(result).to.deep.equal({ note: `sent ${REDACTED} and ${REDACTED}` });
    });
  });

  context('when extra keys are configured', () => {
    it('redacts them exactly, case-insensitively', () => {
      const custom = createRedactor({ keys: ['ssn'] });
      expect(custom({ SSN: '123', ssnote: 'kept' })).to.deep.equal({
        SSN: REDACTED,
        ssnote: 'kept',
      });
    });
  });

  context('when details are hostile', () => {
    it('drops __proto__ keys and functions', () => {
      const hostile = JSON.parse('{"__proto__": {"isAdmin": true}, "a": 1}') as Record<
        string,
        unknown
      >;
      const result = redact({ ...hostile, fn: () => 1 }) as Record<string, unknown>;
      expect(Object.keys(result)).to.deep.equal(['a']);
      expect(({} as Record<string, unknown>).isAdmin).to.equal(undefined);
    });

    it('cuts deep nesting, long arrays and long strings', () => {
      let deep: Record<string, unknown> = { leaf: 1 };
      for (let i = 0; i < 20; i += 1) deep = { next: deep };
      const result = redact({
        deep,
        list: Array.from({ length: 500 }, (_, i) => i),
        text: 'x'.repeat(5000),
      });
      expect(JSON.stringify(result)).to.include('[TRUNCATED]');
      expect((result as { list: unknown[] }).list).to.have.length(100);
      expect((result as { text: string }).text).to.have.length(1025);
    });

    it('returns JSON values for dates, bigints and non-finite numbers', () => {
      const result = redact({ at: new Date(0), big: 10n, nan: Number.NaN, none: undefined });
      expect(result).to.deep.equal({ at: '1970-01-01T00:00:00.000Z', big: '10', nan: null });
    });
  });

  it('returns null for null details', () => {
    expect(redact(null)).to.equal(null);
  });

  it('leaves the input unchanged', () => {
    const input = { password: 'hunter2' };
    redact(input);
    expect(input.password).to.equal('hunter2');
  });
});
