import { expect } from 'chai';
import { isBulwarkError } from '@bulwark/core';
import {
  AuditTrail,
  MemoryAuditSink,
  REDACTED,
  Sensitive,
  verifyAuditChain,
  type AuditSink,
  type SealedAuditEvent,
} from '@bulwark/audit';
import { countingFactories, eventInput } from '../../../../test/audit/support/event-input';

/** A memory sink whose writes wait until released and can be told to fail. */
class ControlledSink extends MemoryAuditSink {
  failuresLeft = 0;
  #gate: Promise<void> = Promise.resolve();
  #open: () => void = () => undefined;

  get batches(): SealedAuditEvent[][] {
    return this.#batches;
  }

  readonly #batches: SealedAuditEvent[][] = [];

  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open();
  }

  override async write(events: readonly SealedAuditEvent[]): Promise<void> {
    await this.#gate;
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      throw new Error('database is locked');
    }
    await super.write(events);
    this.#batches.push([...events]);
  }
}

/**
 * An ordered sink: writes apply one after another in call order, each may be held until
 * released, and a batch that does not continue the stored chain is refused.
 */
class OrderedSink extends MemoryAuditSink {
  readonly isOrdered = true;
  isHolding = false;
  failNext = false;
  inFlight = 0;
  maxInFlight = 0;
  readonly batches: SealedAuditEvent[][] = [];
  readonly #gates: Array<() => void> = [];
  #chain: Promise<void> = Promise.resolve();

  override write(events: readonly SealedAuditEvent[]): Promise<void> {
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const result = this.#chain.then(async () => {
      if (this.isHolding) await new Promise<void>((resolve) => this.#gates.push(resolve));
      if (this.failNext) {
        this.failNext = false;
        throw new Error('disk I/O error');
      }
      const head = await this.head();
      if (events[0] !== undefined && events[0].previousHash !== (head?.hash ?? '0'.repeat(64))) {
        throw new Error('The batch does not continue the stored chain.');
      }
      await super.write(events);
      this.batches.push([...events]);
    });
    this.#chain = result.catch(() => undefined);
    return result.finally(() => (this.inFlight -= 1));
  }

  get held(): number {
    return this.#gates.length;
  }

  releaseOne(): void {
    this.#gates.shift()?.();
  }

  releaseAll(): void {
    this.isHolding = false;
    for (const open of this.#gates.splice(0)) open();
  }
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function expectUnavailable(error: unknown): void {
  expect(isBulwarkError(error) && error.code).to.equal('ERR_AUDIT_UNAVAILABLE');
}

describe('AuditTrail', () => {
  describe('#record', () => {
    it('stores a durable event before resolving, with id, time and redacted details', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, factories: countingFactories() });

      await trail.record(eventInput({ details: { body: { password: 'hunter2' } } }), {
        durable: true,
      });

      expect(sink.events).to.have.length(1);
      expect(sink.events[0]).to.include({ id: 'evt-000001', action: 'note.update' });
      expect(sink.events[0]?.time).to.equal('2026-01-01T00:00:01.000Z');
      expect(sink.events[0]?.details).to.deep.equal({ body: { password: REDACTED } });
    });

    it('resolves a non-durable record before storing and stores it at the next flush', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, flushIntervalMs: 10_000 });

      await trail.record(eventInput(), { durable: false });
      expect(sink.events).to.have.length(0);

      await trail.flush();
      expect(sink.events).to.have.length(1);
    });

    it('stores a non-durable event by itself after the flush interval', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, flushIntervalMs: 5 });

      await trail.record(eventInput(), { durable: false });
      await new Promise((resolve) => setTimeout(resolve, 30));

      expect(sink.events).to.have.length(1);
    });

    it('cuts client-controlled strings and rounds the duration', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink });

      const input = eventInput({ userAgent: 'u'.repeat(2000), durationMs: 2.6 });
      await trail.record(input, { durable: true });

      expect(sink.events[0]?.userAgent).to.have.length(513);
      expect(sink.events[0]?.durationMs).to.equal(3);
    });

    it('rejects an unknown outcome', () => {
      const trail = new AuditTrail({ sink: new MemoryAuditSink() });
      const input = { ...eventInput(), outcome: 'maybe' } as unknown as ReturnType<
        typeof eventInput
      >;
      expect(() => trail.record(input, { durable: true })).to.throw(TypeError);
    });
  });

  context('when the sink is ordered', () => {
    it('hands the next batch over while the previous one is still being written', async () => {
      const sink = new OrderedSink();
      const trail = new AuditTrail({ sink });
      sink.isHolding = true;
      const first = trail.record(eventInput({ requestId: 'r0' }), { durable: true });
      await nextTurn();
      const second = [1, 2, 3].map((i) =>
        trail.record(eventInput({ requestId: `r${i}` }), { durable: true }),
      );
      await nextTurn();

      expect(sink.maxInFlight).to.equal(2);
      sink.releaseAll();
      await Promise.all([first, ...second]);
      expect(sink.batches.map((batch) => batch.length)).to.deep.equal([1, 3]);
      expect((await verifyAuditChain(sink)).isIntact).to.equal(true);
    });

    it('never has more than two writes in flight', async () => {
      const sink = new OrderedSink();
      const trail = new AuditTrail({ sink });
      sink.isHolding = true;
      const all: Promise<void>[] = [];
      for (let turn = 0; turn < 5; turn += 1) {
        all.push(trail.record(eventInput({ requestId: `t${turn}` }), { durable: true }));
        await nextTurn();
      }

      expect(sink.maxInFlight).to.equal(2);
      sink.releaseAll();
      await Promise.all(all);
      expect(sink.events.map((event) => event.requestId)).to.deep.equal([
        't0',
        't1',
        't2',
        't3',
        't4',
      ]);
    });

    it('seals both batches anew and stores every event once when the first write fails', async () => {
      const sink = new OrderedSink();
      const trail = new AuditTrail({ sink, retryDelayMs: 1 });
      sink.isHolding = true;
      sink.failNext = true;
      const first = trail.record(eventInput({ requestId: 'a' }), { durable: true });
      await nextTurn();
      const second = trail.record(eventInput({ requestId: 'b' }), { durable: true });
      await nextTurn();
      expect(sink.maxInFlight).to.equal(2);

      sink.releaseAll();
      const outcomes = await Promise.allSettled([first, second]);
      expect(outcomes.map((o) => o.status)).to.deep.equal(['rejected', 'rejected']);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expectUnavailable(outcome.reason);
      }
      await trail.flush();

      expect(sink.events.map((event) => event.requestId)).to.deep.equal(['a', 'b']);
      expect(sink.events.map((event) => event.sequence)).to.deep.equal([1, 2]);
      expect((await verifyAuditChain(sink)).isIntact).to.equal(true);
      await trail.record(eventInput({ requestId: 'c' }), { durable: true });
      expect(sink.events.map((event) => event.requestId)).to.deep.equal(['a', 'b', 'c']);
    });

    it('keeps one write in flight for a sink that does not declare itself ordered', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink });
      let writes = 0;
      let most = 0;
      const write = sink.write.bind(sink);
      sink.write = async (events) => {
        writes += 1;
        most = Math.max(most, writes);
        try {
          await write(events);
        } finally {
          writes -= 1;
        }
      };
      sink.hold();
      const first = trail.record(eventInput(), { durable: true });
      await nextTurn();
      const second = trail.record(eventInput(), { durable: true });
      await nextTurn();

      expect(most).to.equal(1);
      sink.release();
      await Promise.all([first, second]);
      expect(sink.batches.map((batch) => batch.length)).to.deep.equal([1, 1]);
    });
  });

  context('when many durable records arrive during a write', () => {
    it('commits them together in the next batch (group commit)', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink });
      sink.hold();
      const first = trail.record(eventInput({ requestId: 'r0' }), { durable: true });
      await new Promise((resolve) => setImmediate(resolve));

      const rest = Array.from({ length: 20 }, (_, i) =>
        trail.record(eventInput({ requestId: `r${i + 1}` }), { durable: true }),
      );
      sink.release();
      await Promise.all([first, ...rest]);

      expect(sink.batches.map((batch) => batch.length)).to.deep.equal([1, 20]);
      const order = sink.batches.flat().map((event) => event.requestId);
      expect(order).to.deep.equal(Array.from({ length: 21 }, (_, i) => `r${i}`));
    });

    it('splits the queue into batches of at most maxBatchSize', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, maxBatchSize: 4 });

      const all = Array.from({ length: 10 }, () => trail.record(eventInput(), { durable: true }));
      await Promise.all(all);

      expect(sink.batches.map((batch) => batch.length)).to.deep.equal([4, 4, 2]);
    });
  });

  context('when durable records arrive in the same turn of the event loop', () => {
    it('stores them in one commit', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink });

      await Promise.all(
        Array.from({ length: 8 }, () => trail.record(eventInput(), { durable: true })),
      );

      expect(sink.batches.map((batch) => batch.length)).to.deep.equal([8]);
    });
  });

  context('when the store fails', () => {
    it('rejects the durable record with ERR_AUDIT_UNAVAILABLE and keeps the event queued', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, retryDelayMs: 5 });
      sink.failuresLeft = 1;

      const error = await trail.record(eventInput(), { durable: true }).catch((e: unknown) => e);

      expectUnavailable(error);
      expect(trail.isAvailable).to.equal(false);
      await new Promise((resolve) => setTimeout(resolve, 40));
      expect(sink.batches.flat()).to.have.length(1);
      expect(trail.isAvailable).to.equal(true);
    });

    it('rejects durable records at once while failing, and stores them after recovery', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, retryDelayMs: 10_000 });
      sink.failuresLeft = 1;
      await trail.record(eventInput(), { durable: true }).catch(() => undefined);

      const error = await trail
        .record(eventInput({ requestId: 'while-down' }), { durable: true })
        .catch((e: unknown) => e);
      expectUnavailable(error);

      await trail.flush();
      expect(sink.batches.flat().map((event) => event.requestId)).to.deep.equal([
        'req-1',
        'while-down',
      ]);
    });

    it('rejects flush while the store keeps failing, losing nothing', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, retryDelayMs: 10_000 });
      await trail.record(eventInput(), { durable: false });
      sink.failuresLeft = 2;

      expectUnavailable(await trail.flush().catch((e: unknown) => e));
      expectUnavailable(await trail.flush().catch((e: unknown) => e));
      expect(trail.pending).to.equal(1);

      await trail.flush();
      expect(trail.pending).to.equal(0);
      expect(sink.batches.flat()).to.have.length(1);
    });
  });

  context('when the queue is full', () => {
    it('refuses new events, rejects durable ones and counts them', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, maxQueueSize: 2, flushIntervalMs: 10_000 });
      await trail.record(eventInput(), { durable: false });
      await trail.record(eventInput(), { durable: false });

      await trail.record(eventInput(), { durable: false });
      const error = await trail.record(eventInput(), { durable: true }).catch((e: unknown) => e);

      expectUnavailable(error);
      expect(trail.dropped).to.equal(2);
      expect(trail.pending).to.equal(2);
      expect(trail.isAvailable).to.equal(false);
    });
  });

  describe('#close', () => {
    it('flushes queued events and then refuses new ones', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, flushIntervalMs: 10_000 });
      await trail.record(eventInput(), { durable: false });

      await trail.close();

      expect(sink.events).to.have.length(1);
      expectUnavailable(await trail.record(eventInput(), { durable: false }).catch((e) => e));
    });

    it('rejects when the queue cannot be stored', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink });
      await trail.record(eventInput(), { durable: false });
      sink.failuresLeft = 1;

      expectUnavailable(await trail.close().catch((e: unknown) => e));
    });
  });

  context('when options are invalid', () => {
    it('throws ERR_CONFIG_INVALID listing every problem', () => {
      const attempt = (): AuditTrail =>
        new AuditTrail({ sink: {} as AuditSink, maxBatchSize: 0, flushIntervalMs: 1.5 });
      try {
        attempt();
        expect.fail('expected a configuration error');
      } catch (error) {
        expect(isBulwarkError(error) && error.code).to.equal('ERR_CONFIG_INVALID');
        expect((error as { details: { problems: string[] } }).details.problems).to.have.length(3);
      }
    });
  });

  context('when events are stored', () => {
    it('links them into a hash chain that verifies', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink });
      await Promise.all([1, 2, 3].map(() => trail.record(eventInput(), { durable: true })));

      expect(sink.events.map((event) => event.sequence)).to.deep.equal([1, 2, 3]);
      expect(sink.events[1]?.previousHash).to.equal(sink.events[0]?.hash);
      expect((await verifyAuditChain(sink)).isIntact).to.equal(true);
      expect(trail.head).to.deep.equal({ sequence: 3, hash: sink.events[2]?.hash });
    });

    it('keys the hashes with the HMAC key, so the chain verifies only with it', async () => {
      const hmacKey = 'k'.repeat(32);
      const sink = new MemoryAuditSink();
      await new AuditTrail({ sink, hmacKey }).record(eventInput(), { durable: true });

      expect((await verifyAuditChain(sink, { hmacKey })).isIntact).to.equal(true);
      expect((await verifyAuditChain(sink)).problem?.kind).to.equal('modified');
    });

    it('continues the chain already in the sink after a restart', async () => {
      const sink = new MemoryAuditSink();
      await new AuditTrail({ sink }).record(eventInput(), { durable: true });

      await new AuditTrail({ sink }).record(eventInput(), { durable: true });

      expect(sink.events.map((event) => event.sequence)).to.deep.equal([1, 2]);
      expect((await verifyAuditChain(sink)).isIntact).to.equal(true);
    });

    it('relinks a batch when another writer extended the chain meanwhile', async () => {
      const sink = new MemoryAuditSink();
      const first = new AuditTrail({ sink });
      const second = new AuditTrail({ sink });
      await first.record(eventInput({ requestId: 'a' }), { durable: true });
      await second.record(eventInput({ requestId: 'b' }), { durable: true });

      await first.record(eventInput({ requestId: 'c' }), { durable: true });

      expect(sink.events.map((event) => event.requestId)).to.deep.equal(['a', 'b', 'c']);
      expect((await verifyAuditChain(sink)).isIntact).to.equal(true);
    });
  });

  context('when non-durable refusals flood in', () => {
    it('stores a bounded number and one summary carrying the count', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, floodControl: { perKey: 3, windowMs: 60_000 } });
      const denial = eventInput({ action: 'authn.failure', outcome: 'denied', status: 401 });
      for (let i = 0; i < 1000; i += 1) await trail.record(denial, { durable: false });

      await trail.flush();

      expect(sink.events).to.have.length(4);
      const summary = sink.events[3];
      expect(summary).to.include({ action: 'authn.failure', requestId: 'aggregate' });
      expect(summary?.details?.aggregated).to.include({ count: 997 });
    });

    it('stores every refusal when flood control is off', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, floodControl: false });
      const denial = eventInput({ outcome: 'denied', status: 403 });
      for (let i = 0; i < 20; i += 1) await trail.record(denial, { durable: false });

      await trail.flush();

      expect(sink.events).to.have.length(20);
    });

    it('never aggregates durable events', async () => {
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink, floodControl: { perKey: 1 } });
      const failure = eventInput({ outcome: 'failed', status: 409 });
      for (let i = 0; i < 5; i += 1) await trail.record(failure, { durable: true });

      expect(sink.events).to.have.length(5);
    });
  });

  context('when the queue overflowed earlier', () => {
    it('records an audit.dropped event with the count once there is room', async () => {
      const sink = new ControlledSink();
      const trail = new AuditTrail({ sink, maxQueueSize: 3, flushIntervalMs: 10_000 });
      for (let i = 0; i < 5; i += 1) await trail.record(eventInput(), { durable: false });
      await trail.flush();

      await trail.record(eventInput({ requestId: 'after' }), { durable: true });

      const dropped = sink.events.find((event) => event.action === 'audit.dropped');
      expect(dropped?.details).to.deep.equal({ dropped: 2 });
      expect(sink.events.at(-1)?.requestId).to.equal('after');
    });
  });

  describe('#registerSensitiveClasses', () => {
    it('redacts the marked property names wherever they appear in details', async () => {
      class SignupDto {
        @Sensitive()
        socialSecurityNumber!: string;
      }
      const sink = new MemoryAuditSink();
      const trail = new AuditTrail({ sink });
      trail.registerSensitiveClasses([SignupDto]);

      const details = { 'body.socialSecurityNumber': '078-05-1120', 'body.name': 'ann' };
      await trail.record(eventInput({ details }), { durable: true });

      expect(sink.events[0]?.details).to.deep.equal({
        'body.socialSecurityNumber': REDACTED,
        'body.name': 'ann',
      });
    });
  });
});
