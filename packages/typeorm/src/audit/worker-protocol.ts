/** A request to the audit sink worker; `id` 0 is reserved for the worker's start-up reply. */
export type SinkRequest =
  /**
   * `batch` is the sealed events as JSON: a string crosses to the worker far cheaper than the
   * structured clone of the same objects, and each event's fields are JSON values already.
   */
  | { readonly id: number; readonly op: 'write'; readonly batch: string }
  | { readonly id: number; readonly op: 'head' }
  | {
      readonly id: number;
      readonly op: 'read';
      readonly afterSequence: number;
      readonly limit: number;
    }
  | { readonly id: number; readonly op: 'close' };

/** What failed in the worker: the error's name and code, never a driver message. */
export interface SinkFailure {
  readonly name: string;
  readonly code: string | null;
  /** Only for the store's own schema errors, which name a table or column and no value. */
  readonly message?: string;
}

/** The worker's reply to one request: its value, or what failed. */
export type SinkReply =
  | { readonly id: number; readonly value: unknown; readonly error?: undefined }
  | { readonly id: number; readonly error: SinkFailure };
