import { expect } from 'chai';
import {
  chainHash,
  sealEvents,
  verifyAuditChain,
  type AuditChainSource,
  type AuditEvent,
  type SealedAuditEvent,
} from '@bulwark/audit';
import { eventInput } from '../../../../test/audit/support/event-input';

function events(count: number): AuditEvent[] {
  return Array.from({ length: count }, (_, i) => ({
    ...eventInput({ requestId: `req-${i + 1}` }),
    id: `evt-${i + 1}`,
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  }));
}

/** A source over a fixed list, ordered by sequence as a database would return it. */
function sourceOf(rows: readonly SealedAuditEvent[]): AuditChainSource {
  const sorted = [...rows].sort((a, b) => a.sequence - b.sequence);
  return {
    read: async (after, limit) => sorted.filter((row) => row.sequence > after).slice(0, limit),
  };
}

describe('verifyAuditChain', () => {
  const chain = sealEvents(events(10), null);

  it('reports an intact chain with its head and count', async () => {
    const report = await verifyAuditChain(sourceOf(chain), { pageSize: 3 });

    expect(report).to.deep.equal({
      isIntact: true,
      checked: 10,
      head: { sequence: 10, hash: chain[9]?.hash },
      problem: null,
    });
  });

  it('reports an empty chain as intact', async () => {
    expect((await verifyAuditChain(sourceOf([]))).isIntact).to.equal(true);
  });

  context('when an event was modified', () => {
    it('names the event whose content no longer matches its hash', async () => {
      const tampered = chain.map((row) =>
        row.sequence === 4 ? { ...row, action: 'note.read' } : row,
      );

      const report = await verifyAuditChain(sourceOf(tampered));

      expect(report.problem).to.include({ kind: 'modified', sequence: 4, eventId: 'evt-4' });
      expect(report.checked).to.equal(3);
    });

    it('detects a change inside the details', async () => {
      const tampered = chain.map((row) =>
        row.sequence === 2 ? { ...row, details: { params: { id: 'other' } } } : row,
      );

      expect((await verifyAuditChain(sourceOf(tampered))).problem).to.include({
        kind: 'modified',
        sequence: 2,
      });
    });

    it('detects a rewritten event whose hash was recomputed without the HMAC key', async () => {
      const hmacKey = 'a-secret-of-at-least-thirty-two-bytes';
      const keyed = sealEvents(events(3), null, hmacKey);
      const forged = { ...keyed[1]!, outcome: 'denied' as const };
      const rehashed = { ...forged, hash: chainHash(forged.previousHash, forged) };

      const report = await verifyAuditChain(sourceOf([keyed[0]!, rehashed, keyed[2]!]), {
        hmacKey,
      });

      expect(report.problem).to.include({ kind: 'modified', sequence: 2 });
    });
  });

  context('when an event was deleted', () => {
    it('names the first missing sequence', async () => {
      const report = await verifyAuditChain(sourceOf(chain.filter((row) => row.sequence !== 6)));

      expect(report.problem).to.include({ kind: 'deleted', sequence: 6, eventId: null });
    });

    it('finds a deletion hidden by renumbering the later events', async () => {
      const renumbered = chain
        .filter((row) => row.sequence !== 6)
        .map((row) => (row.sequence > 6 ? { ...row, sequence: row.sequence - 1 } : row));

      const report = await verifyAuditChain(sourceOf(renumbered));

      expect(report.problem).to.include({ kind: 'deleted', sequence: 6, eventId: 'evt-7' });
    });

    it('finds the first event deleted', async () => {
      const report = await verifyAuditChain(sourceOf(chain.slice(1)));

      expect(report.problem).to.include({ kind: 'deleted', sequence: 1 });
    });

    it('finds events deleted from the end against a head recorded elsewhere', async () => {
      const expectedHead = { sequence: 10, hash: chain[9]!.hash };

      const report = await verifyAuditChain(sourceOf(chain.slice(0, 8)), { expectedHead });

      expect(report.problem).to.include({ kind: 'deleted', sequence: 9 });
    });

    it('finds a replaced event at the recorded head', async () => {
      const expectedHead = { sequence: 10, hash: 'f'.repeat(64) };

      const report = await verifyAuditChain(sourceOf(chain), { expectedHead });

      expect(report.problem).to.include({ kind: 'modified', sequence: 10 });
    });
  });

  context('when events were reordered', () => {
    it('names the first event out of place', async () => {
      const swapped = chain.map((row) =>
        row.sequence === 3
          ? { ...row, sequence: 4 }
          : row.sequence === 4
            ? { ...row, sequence: 3 }
            : row,
      );

      const report = await verifyAuditChain(sourceOf(swapped), { pageSize: 2 });

      expect(report.problem).to.include({ kind: 'reordered', sequence: 3, eventId: 'evt-4' });
    });
  });

  context('when events were inserted', () => {
    it('names the first inserted sequence', async () => {
      const head = { sequence: 3, hash: chain[2]!.hash };
      const forged = sealEvents(
        events(2).map((e) => ({ ...e, id: `forged-${e.id}` })),
        head,
      );
      const rest = chain.slice(3).map((row) => ({ ...row, sequence: row.sequence + 2 }));

      const report = await verifyAuditChain(sourceOf([...chain.slice(0, 3), ...forged, ...rest]));

      expect(report.problem).to.include({ kind: 'inserted', sequence: 4 });
    });
  });

  context('when an anchor is given', () => {
    it('verifies from the anchor, so pruned events are not reported', async () => {
      const anchor = { sequence: 5, hash: chain[4]!.hash };

      const report = await verifyAuditChain(sourceOf(chain.slice(5)), { anchor });

      expect(report).to.include({ isIntact: true, checked: 5 });
    });
  });
});
