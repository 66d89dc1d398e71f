import type { PrincipalKind } from '@bulwark/core';

/** How a recorded call ended. */
export type AuditOutcome = 'allowed' | 'denied' | 'failed' | 'error';

/** What the runtime hands the audit trail for one call; the trail adds id, time and hashes. */
export interface AuditEventInput {
  readonly actor: { readonly id: string | null; readonly kind: PrincipalKind | 'anonymous' };
  readonly action: string;
  readonly subject: { readonly type: string | null; readonly id: string | null };
  /** The compiled route id (`Controller.method`), or `METHOD path` for unrouted requests. */
  readonly route: string;
  readonly outcome: AuditOutcome;
  readonly status: number;
  /** An error code or a short reason; never a secret. */
  readonly reason: string | null;
  readonly requestId: string;
  readonly clientAddress: string;
  readonly userAgent: string | null;
  readonly durationMs: number;
  /** Selected parameters and body paths; redacted before storage. */
  readonly details: Readonly<Record<string, unknown>> | null;
}

/** A stored audit event. */
export interface AuditEvent extends AuditEventInput {
  readonly id: string;
  /** ISO 8601 time of the call. */
  readonly time: string;
}

/**
 * Where the runtime sends audit events.
 *
 * Contract: with `durable: true`, `record` resolves only after the event is durably stored
 * (rejects otherwise); with `durable: false` it may resolve once the event is queued.
 */
export interface AuditRecorder {
  record(event: AuditEventInput, options: { readonly durable: boolean }): Promise<void>;
  /** Writes everything queued. */
  flush(): Promise<void>;
  /** Flushes and stops timers. */
  close(): Promise<void>;
  /**
   * Optional: learns the DTO classes of every route at bootstrap, so `@Sensitive()` properties
   * are redacted by name even after their values were copied out of the instance.
   */
  registerSensitiveClasses?(classes: readonly Function[]): void;
  /**
   * Optional: `false` while durable records would fail (store failing, queue full, closed). The
   * runtime then refuses mutating audited routes before their handler acts.
   */
  readonly isAvailable?: boolean;
}

/**
 * An event as stored: its place in the chain and the hash linking it to its predecessor.
 *
 * `hash` covers every field of the event except `sequence`, plus `previousHash`; the order of
 * events is carried by the links, so renumbering rows breaks a link instead of going unnoticed.
 */
export interface SealedAuditEvent extends AuditEvent {
  /** 1 for the first event of the chain, then one more per event. */
  readonly sequence: number;
  readonly previousHash: string;
  readonly hash: string;
}

/** The last stored event of a chain, enough to continue or check it. */
export interface ChainHead {
  readonly sequence: number;
  readonly hash: string;
}
