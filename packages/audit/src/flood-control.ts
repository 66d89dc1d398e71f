import type { AuditEvent, AuditEventInput } from './audit-event';

/** Options of flood control, the cap on refusal events stored one by one. */
export interface FloodControlOptions {
  /** Length of a counting window, in ms. @defaultValue 60000 */
  readonly windowMs?: number;
  /** Events of one key stored one by one per window; the rest are counted. @defaultValue 5 */
  readonly perKey?: number;
  /** Events stored one by one per window over all keys; the rest are counted. @defaultValue 500 */
  readonly perWindow?: number;
}

interface Tally {
  readonly sample: AuditEvent;
  readonly isCoarse: boolean;
  stored: number;
  suppressed: number;
  firstTime: string | null;
  lastTime: string | null;
}

const DEFAULTS = Object.freeze({ windowMs: 60_000, perKey: 5, perWindow: 500 });

/**
 * Caps how many non-durable refusal and failure events (denials, authentication failures,
 * rate-limit refusals) are stored one by one, so a flood cannot fill the disk.
 *
 * Within a window, each key (action, route, client address, actor, status, reason) gets `perKey`
 * events stored individually, and all keys together get `perWindow`. Beyond that, events are
 * counted; when the window closes, one summary event per key carries the count and the times of
 * the first and last counted event in `details.aggregated`. Keys first seen after the window's
 * budget is spent are counted under a coarse key (action and status only) whose summary has
 * route and client address `*`, so the memory held and the events written per window stay
 * bounded whatever the attacker varies.
 */
export class FloodControl {
  readonly #windowMs: number;
  readonly #perKey: number;
  readonly #perWindow: number;
  readonly #now: () => Date;
  readonly #onWindowClosed: (summaries: AuditEventInput[]) => void;
  #tallies = new Map<string, Tally>();
  #storedInWindow = 0;
  #windowStart = 0;
  #timer: NodeJS.Timeout | null = null;

  /**
   * @param options - Window length and budgets.
   * @param now - The clock.
   * @param onWindowClosed - Receives the summary events when a window with counted events ends.
   */
  constructor(
    options: FloodControlOptions,
    now: () => Date,
    onWindowClosed: (summaries: AuditEventInput[]) => void,
  ) {
    this.#windowMs = options.windowMs ?? DEFAULTS.windowMs;
    this.#perKey = options.perKey ?? DEFAULTS.perKey;
    this.#perWindow = options.perWindow ?? DEFAULTS.perWindow;
    this.#now = now;
    this.#onWindowClosed = onWindowClosed;
  }

  /**
   * Decides whether an event is stored by itself or only counted.
   *
   * @param event - A non-durable event that is not `allowed`.
   * @returns `true` to store it, `false` when it was counted into a later summary.
   */
  admit(event: AuditEvent): boolean {
    const time = this.#now().getTime();
    if (time - this.#windowStart >= this.#windowMs) {
      this.close();
      this.#windowStart = time;
    }

    const key = fineKey(event);
    let tally = this.#tallies.get(key);
    if (tally === undefined && this.#storedInWindow < this.#perWindow) {
      tally = newTally(event, false);
      this.#tallies.set(key, tally);
    }
    if (tally === undefined) {
      const coarse = `*\u0000${event.action}\u0000${event.status}`;
      tally = this.#tallies.get(coarse) ?? newTally(event, true);
      this.#tallies.set(coarse, tally);
    }
    if (!tally.isCoarse && tally.stored < this.#perKey && this.#storedInWindow < this.#perWindow) {
      tally.stored += 1;
      this.#storedInWindow += 1;
      return true;
    }

    tally.suppressed += 1;
    tally.firstTime ??= event.time;
    tally.lastTime = event.time;
    this.#arm(time);
    return false;
  }

  /** Ends the current window now, handing out its summaries. */
  close(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const summaries = [...this.#tallies.values()].filter((t) => t.suppressed > 0).map(summaryOf);
    this.#tallies = new Map();
    this.#storedInWindow = 0;
    if (summaries.length > 0) this.#onWindowClosed(summaries);
  }

  #arm(time: number): void {
    if (this.#timer !== null) return;
    const remaining = Math.max(1, this.#windowStart + this.#windowMs - time);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.close();
      this.#windowStart = this.#now().getTime();
    }, remaining);
    this.#timer.unref();
  }
}

function fineKey(event: AuditEvent): string {
  const parts = [
    event.action,
    event.route,
    event.clientAddress,
    event.actor.id ?? '',
    event.status,
    event.reason ?? '',
  ];
  return parts.join('\u0000');
}

function newTally(sample: AuditEvent, isCoarse: boolean): Tally {
  return { sample, isCoarse, stored: 0, suppressed: 0, firstTime: null, lastTime: null };
}

function summaryOf(tally: Tally): AuditEventInput {
  const { sample, isCoarse } = tally;
  return {
    actor: isCoarse ? { id: null, kind: 'anonymous' } : sample.actor,
    action: sample.action,
    subject: isCoarse ? { type: null, id: null } : sample.subject,
    route: isCoarse ? '*' : sample.route,
    outcome: sample.outcome,
    status: sample.status,
    reason: isCoarse ? null : sample.reason,
    requestId: 'aggregate',
    clientAddress: isCoarse ? '*' : sample.clientAddress,
    userAgent: null,
    durationMs: 0,
    details: {
      aggregated: { count: tally.suppressed, firstTime: tally.firstTime, lastTime: tally.lastTime },
    },
  };
}
