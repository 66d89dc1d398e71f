import type { SealedAuditEvent } from '@bulwark/audit';

/** A request to the audit sink worker; `id` 0 is reserved for the worker's start-up reply. */
export type SinkRequest =
  | { readonly id: number; readonly op: 'write'; readonly events: readonly SealedAuditEvent[] }
  | { readonly id: number; readonly op: 'head' }
  | {
      readonly id: number;
      readonly op: 'read';
      readonly afterSequence: number;
      readonly limit: number;
    }
  | { readonly id: number; readonly op: 'close' };

/** The worker's reply to one request: its value, or the name and code of what failed. */
export type SinkReply =
  | { readonly id: number; readonly value: unknown; readonly error?: undefined }
  | {
      readonly id: number;
      readonly error: { readonly name: string; readonly code: string | null };
    };
