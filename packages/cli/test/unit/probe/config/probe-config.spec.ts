import { expect } from 'chai';
import { parseProbeConfig, type ProbeConfig } from '../../../../src/probe/config/probe-config';

const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
const TOKEN = `${encode({ alg: 'HS256' })}.${encode({ sub: 'u1', roles: ['editor'], scope: 'notes:read notes:write' })}.sig`;

function parsed(raw: unknown, env: Record<string, string> = {}): ProbeConfig {
  const result = parseProbeConfig(raw, env);
  if ('problems' in result) throw new Error(result.problems.join('\n'));
  return result.config;
}

function problems(raw: unknown, env: Record<string, string> = {}): string[] {
  const result = parseProbeConfig(raw, env);
  if ('config' in result) throw new Error('the config was accepted');
  return result.problems;
}

describe('parseProbeConfig', () => {
  it('accepts an empty config: anonymous checks only', () => {
    const config = parsed({});

    expect(config.principals).to.deep.equal([]);
    expect(config.hmacSecret).to.equal(null);
    expect(config.jwksPath).to.equal(null);
  });

  context('when a principal has a bearer token', () => {
    it('reads roles and scopes from the token claims when the config gives none', () => {
      const [erin] = parsed({ principals: { erin: { token: TOKEN } } }).principals;

      expect(erin?.roles).to.deep.equal(['editor']);
      expect(erin?.scopes).to.deep.equal(['notes:read', 'notes:write']);
      expect(erin?.credential).to.deep.equal({ kind: 'bearer', token: TOKEN });
    });

    it('prefers the roles and scopes the config states', () => {
      const [erin] = parsed({
        principals: { erin: { token: TOKEN, roles: ['viewer'], scopes: [] } },
      }).principals;

      expect(erin?.roles).to.deep.equal(['viewer']);
      expect(erin?.scopes).to.deep.equal([]);
    });
  });

  it('reads env: values from the environment', () => {
    const config = parsed(
      {
        principals: { key: { apiKey: 'env:PROBE_KEY', roles: ['viewer'] } },
        revokedApiKeys: ['env:OLD_KEY'],
        jwt: { hmacSecret: 'env:JWT_SECRET', jwksPath: '/.well-known/jwks.json' },
      },
      { PROBE_KEY: 'bwk_live', OLD_KEY: 'bwk_old', JWT_SECRET: 's'.repeat(32) },
    );

    expect(config.principals[0]?.credential).to.deep.equal({ kind: 'api-key', key: 'bwk_live' });
    expect(config.revokedApiKeys).to.deep.equal(['bwk_old']);
    expect(config.hmacSecret).to.equal('s'.repeat(32));
  });

  it('takes header credentials with their scheme, header names in lower case', () => {
    const [session] = parsed({
      principals: { ann: { scheme: 'session', headers: { Cookie: 'sid=1' } } },
    }).principals;

    expect(session?.credential).to.deep.equal({
      kind: 'headers',
      scheme: 'session',
      headers: { cookie: 'sid=1' },
    });
  });

  it('reads objects and field rules', () => {
    const config = parsed({
      principals: { erin: { token: TOKEN }, alice: { token: TOKEN } },
      objects: [{ subject: 'Note', id: 'n1', owner: 'erin', reachableBy: ['alice'] }],
      fieldRules: [{ subject: 'Note', fields: ['ownerId'], writableBy: ['alice'] }],
      bodies: { 'POST /notes': { title: 't' } },
    });

    expect(config.objects).to.deep.equal([
      { subject: 'Note', id: 'n1', owner: 'erin', reachableBy: ['alice'] },
    ]);
    expect(config.fieldRules[0]?.writableBy).to.deep.equal(['alice']);
    expect(config.bodies['POST /notes']).to.deep.equal({ title: 't' });
  });

  context('when the config is wrong', () => {
    it('reports every problem at once', () => {
      const found = problems({
        users: {},
        principals: {
          both: { token: 'a', apiKey: 'b' },
          none: { roles: ['x'] },
          odd: { token: TOKEN, colour: 'red' },
          unset: { token: 'env:NOT_SET' },
        },
        objects: [{ subject: 'Note', id: 'n1', owner: 'mallory' }],
        fieldRules: [{ subject: 'Note', fields: 'ownerId', writableBy: ['ghost'] }],
        jwt: { jwksPath: 'jwks.json', alg: 'none' },
      });

      expect(found).to.include('unknown key "users".');
      expect(found).to.include(
        'principals.both: give exactly one of "token", "apiKey" or "headers".',
      );
      expect(found).to.include(
        'principals.none: give exactly one of "token", "apiKey" or "headers".',
      );
      expect(found).to.include('principals.odd: unknown key "colour".');
      expect(found).to.include('principals.unset.token: env:NOT_SET is not set.');
      expect(found).to.include('objects[0]: unknown principal "mallory".');
      expect(found).to.include('fieldRules[0].fields: a list of strings is required.');
      expect(found).to.include('fieldRules[0]: unknown principal "ghost".');
      expect(found).to.include('jwt.jwksPath: must start with "/".');
      expect(found).to.include('jwt: unknown key "alg".');
    });

    it('never quotes a credential in a problem', () => {
      const found = problems({ principals: { erin: { token: 'secret-token-value', colour: 1 } } });

      expect(found.join(' ')).to.not.include('secret-token-value');
    });

    it('refuses a value that is not an object', () => {
      expect(problems([])).to.deep.equal(['the config must be a JSON object.']);
    });
  });
});
