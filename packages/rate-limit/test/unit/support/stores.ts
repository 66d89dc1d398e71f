import type { MemoryStore, RateLimitStore } from '../../../src';

/**
 * A store that counts in this process through `inner` and throws from `consumeNow` while
 * `isDown`, as a local store whose disk or memory failed would.
 */
export function failingSyncStore(inner: MemoryStore): RateLimitStore & { isDown: boolean } {
  return {
    isDown: true,
    consume: (checks) => inner.consume(checks),
    consumeNow(checks) {
      if (this.isDown) throw Object.assign(new Error('disk full'), { code: 'ENOSPC' });
      return inner.consumeNow(checks);
    },
    release: (key, lease) => inner.release(key, lease),
    close: () => inner.close(),
  };
}
