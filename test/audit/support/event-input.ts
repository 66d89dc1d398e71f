import type { AuditEventInput } from '@bulwark/audit';

/**
 * A complete, plausible audit input; tests override the fields they are about.
 *
 * @param overrides - Fields to replace.
 * @returns An input the runtime could have produced for an allowed note update.
 */
export function eventInput(overrides: Partial<AuditEventInput> = {}): AuditEventInput {
  return {
    actor: { id: 'user-1', kind: 'user' },
    action: 'note.update',
    subject: { type: 'Note', id: 'note-1' },
    route: 'NoteController.update',
    outcome: 'allowed',
    status: 200,
    reason: null,
    requestId: 'req-1',
    clientAddress: '127.0.0.1',
    userAgent: 'mocha',
    durationMs: 3,
    details: { params: { id: 'note-1' } },
    ...overrides,
  };
}

/**
 * A clock and id source that count up, so stored events are predictable.
 *
 * @param start - The first time.
 * @returns Factories for `AuditTrail`.
 */
export function countingFactories(start = Date.UTC(2026, 0, 1)) {
  let tick = 0;
  return {
    now: () => new Date(start + tick * 1000),
    newId: () => `evt-${String(++tick).padStart(6, '0')}`,
  };
}
