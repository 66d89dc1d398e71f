/** One request of the sequence each connection loops over. */
export interface PlannedRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

/** A load period, sent by the orchestrator to the load process. */
export interface LoadJob {
  readonly url: string;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly pipelining: number;
  readonly requests: readonly PlannedRequest[];
  /**
   * Gives every request a distinct `X-Forwarded-For` client address (10.0.0.0/8 counting up),
   * for the memory run against a server that trusts its loopback proxy.
   */
  readonly isAddressFlood: boolean;
}

/** What one load period measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly total: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Responses outside 2xx, connection errors and timeouts: all must be 0 for a valid cell. */
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Distinct client addresses used (address flood only). */
  readonly addresses: number;
}

/**
 * The client address of the `n`th request of an address flood: 10.0.0.0/8 counting up, so up to
 * 16.7 million distinct addresses.
 */
export function floodAddress(n: number): string {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}
