import { expect } from 'chai';
import { isBulwarkError, noopLogger } from '@bulwark/core';
import { resolveEnforcerOptions } from '../../../src/config/enforcer-options';

function problemsOf(options: unknown): string[] {
  try {
    resolveEnforcerOptions(options as never);
  } catch (error) {
    if (isBulwarkError(error) && error.code === 'ERR_CONFIG_INVALID') {
      return (error.details as { problems: string[] }).problems;
    }
    throw error;
  }
  return [];
}

describe('resolveEnforcerOptions', () => {
  it('applies the documented defaults and freezes the result', () => {
    const resolved = resolveEnforcerOptions({ store: 'memory' });
    expect(resolved).to.deep.include({
      prefix: 'bulwark:rl:',
      ipv4Prefix: 32,
      ipv6Prefix: 64,
      onStoreError: 'deny',
      logger: noopLogger,
      hasLogger: false,
    });
    expect(resolved.memory).to.deep.equal({
      maxKeys: 1_000_000,
      sweepIntervalMs: 1000,
      sweepBatch: 20_000,
    });
    expect(Object.isFrozen(resolved)).to.equal(true);
  });

  it('reports every problem together', () => {
    const problems = problemsOf({
      store: 'disk',
      prefix: 'a{b}',
      ipv6Prefix: 129,
      onStoreError: 'ignore',
      logger: {},
      onEvent: 'x',
      now: 5,
      memory: { maxKeys: 0, surprise: true },
      extra: 1,
    });
    expect(problems).to.have.length(10);
    for (const name of [
      '"extra"',
      '"store"',
      '"prefix"',
      '"ipv6Prefix"',
      '"onStoreError"',
      '"logger"',
      '"onEvent"',
      '"now"',
      '"memory.surprise"',
      '"memory.maxKeys"',
    ]) {
      expect(problems.join(' ')).to.include(name);
    }
  });

  it('requires Redis options with the Redis store and refuses them otherwise', () => {
    expect(problemsOf({ store: 'redis' })).to.deep.equal([
      'store "redis" needs "redis": { client } or { url }.',
    ]);
    expect(problemsOf({ store: 'memory', redis: { url: 'redis://x' } })).to.deep.equal([
      '"redis" applies only with store: "redis".',
    ]);
  });

  it('checks the Redis options one by one', () => {
    const problems = problemsOf({
      store: 'redis',
      redis: { client: {}, url: 'http://x', clock: 'local', timeoutMs: 0, db: 1 },
    });
    expect(problems).to.have.length(6);
  });

  it('accepts a custom store with consume, release and close', () => {
    const store = {
      consume: async () => [],
      release: async () => undefined,
      close: async () => undefined,
    };
    expect(resolveEnforcerOptions({ store }).store).to.equal(store);
  });

  it('reports an options value that is not an object', () => {
    expect(problemsOf(undefined)).to.include(
      '"store" must be "memory", "redis" or an object with consume, release and close.',
    );
    expect(problemsOf({ store: 'memory', memory: 3 })).to.include('"memory" must be an object.');
  });

  it('accepts complete Redis options', () => {
    const client = { evalsha: async () => [], eval: async () => [] };
    expect(
      problemsOf({ store: 'redis', redis: { client, clock: 'server', timeoutMs: 100 } }),
    ).to.deep.equal([]);
    expect(
      problemsOf({ store: 'redis', redis: { url: 'rediss://cache:6380', clock: () => 0 } }),
    ).to.deep.equal([]);
  });

  it('refuses a prefix that is not a string and a Redis value that is not an object', () => {
    expect(problemsOf({ store: 'memory', prefix: 7 })).to.have.length(1);
    expect(problemsOf({ store: 'redis', redis: null })).to.have.length(1);
  });

  it('keeps the logger and hook it is given', () => {
    const logger = { debug() {}, info() {}, warn() {}, error() {} };
    const resolved = resolveEnforcerOptions({ store: 'memory', logger, onStoreError: 'allow' });
    expect(resolved).to.include({ logger, hasLogger: true, onStoreError: 'allow' });
  });
});
