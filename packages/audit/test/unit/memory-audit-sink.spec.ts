import { expect } from 'chai';
import { AuditTrail, MemoryAuditSink } from '@bulwark/audit';
import { eventInput } from '../../../../test/audit/support/event-input';

describe('MemoryAuditSink', () => {
  describe('#write', () => {
    it('appends batches in order', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink });

      await trail.record(eventInput({ requestId: 'a' }), { durable: true });
      await trail.record(eventInput({ requestId: 'b' }), { durable: true });

      expect(sink.events.map((event) => event.requestId)).to.deep.equal(['a', 'b']);
    });
  });

  describe('#events', () => {
    it('returns a copy that callers cannot use to remove events', async () => {
      const sink = new MemoryAuditSink();
      await new AuditTrail({ sink }).record(eventInput(), { durable: true });

      (sink.events as unknown[]).length = 0;

      expect(sink.events).to.have.length(1);
    });
  });
});
