import { expect } from 'chai';
import type { Server } from 'node:http';
import { AuditTrail, MemoryAuditSink, type SealedAuditEvent } from '@bulwark/audit';
import { Authorize } from '@bulwark/core';
import { useBulwark, type BulwarkApp, type BulwarkOptions } from '@bulwark/routing-controllers';
import { IsString } from 'class-validator';
import express from 'express';
import { Body, JsonController, Post } from 'routing-controllers';
import {
  headerAuthenticator,
  permissions,
} from '../../packages/routing-controllers/test/integration/fixtures';

/** A memory sink that can be switched off like an unreachable database. */
class SwitchableSink extends MemoryAuditSink {
  isDown = false;

  override async write(events: readonly SealedAuditEvent[]): Promise<void> {
    if (this.isDown) throw new Error('connection refused');
    await super.write(events);
  }
}

class ThingInput {
  @IsString()
  name!: string;
}

let acted = 0;

@JsonController('/things')
class OutageController {
  @Post('/')
  @Authorize('create', 'Thing')
  create(@Body() input: ThingInput): { name: string } {
    acted += 1;
    return { name: input.name };
  }
}

async function start(
  sink: SwitchableSink,
  options: Partial<BulwarkOptions> = {},
): Promise<{ url: string; trail: AuditTrail; close(): Promise<void> }> {
  const trail = new AuditTrail({ sink, retryDelayMs: 20 });
  const app = express();
  const bulwark: BulwarkApp = useBulwark(app, {
    controllers: [OutageController],
    permissions,
    authenticators: [headerAuthenticator],
    audit: trail,
    ...options,
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    trail,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      sink.isDown = false;
      await bulwark.close();
    },
  };
}

const create = (url: string, name: string) =>
  fetch(`${url}/things`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-test-user': 'ann:admin' },
    body: JSON.stringify({ name }),
  });

/** Polls, a bounded number of times, until the trail has stored its queue again. */
async function recovered(trail: AuditTrail): Promise<boolean> {
  for (
    let attempt = 0;
    attempt < 100 && !(trail.isAvailable && trail.pending === 0);
    attempt += 1
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return trail.isAvailable && trail.pending === 0;
}

describe('a mutating audited route while the audit store is down', () => {
  beforeEach(() => {
    acted = 0;
  });

  it('answers 503, then refuses before acting, and recovers without losing the event', async () => {
    const sink = new SwitchableSink();
    const app = await start(sink);
    try {
      sink.isDown = true;

      const first = await create(app.url, 'first');
      const second = await create(app.url, 'second');

      expect([first.status, second.status]).to.deep.equal([503, 503]);
      expect(((await second.json()) as { code: string }).code).to.equal('ERR_AUDIT_UNAVAILABLE');
      expect(acted).to.equal(1);

      sink.isDown = false;
      expect(await recovered(app.trail)).to.equal(true);
      const third = await create(app.url, 'third');

      expect(third.status).to.equal(200);
      expect(acted).to.equal(2);
      const created = sink.events.filter((e) => e.outcome === 'allowed').map((e) => e.requestId);
      expect(created).to.deep.equal([
        first.headers.get('x-request-id'),
        third.headers.get('x-request-id'),
      ]);
    } finally {
      await app.close();
    }
  });

  context("when onAuditFailure is 'continue'", () => {
    it('acts and answers normally, and stores the event once the store is back', async () => {
      const sink = new SwitchableSink();
      const app = await start(sink, { onAuditFailure: 'continue' });
      try {
        sink.isDown = true;

        const answers = [await create(app.url, 'a'), await create(app.url, 'b')];

        expect(answers.map((res) => res.status)).to.deep.equal([200, 200]);
        expect(acted).to.equal(2);
        sink.isDown = false;
        expect(await recovered(app.trail)).to.equal(true);
        expect(sink.events.filter((e) => e.outcome === 'allowed')).to.have.length(2);
      } finally {
        await app.close();
      }
    });
  });
});
