import { expect } from 'chai';
import type { Server } from 'node:http';
import { AuditTrail, MemoryAuditSink, REDACTED, Sensitive } from '@bulwark/audit';
import { Audit, Authorize } from '@bulwark/core';
import { useBulwark, type BulwarkApp } from '@bulwark/routing-controllers';
import { IsString, MaxLength } from 'class-validator';
import express from 'express';
import { Body, JsonController, Post } from 'routing-controllers';
import {
  headerAuthenticator,
  permissions,
} from '../../packages/routing-controllers/test/integration/fixtures';

class RegisterThing {
  @IsString()
  @MaxLength(50)
  name!: string;

  @IsString()
  @MaxLength(50)
  @Sensitive()
  recoveryPhrase!: string;
}

@JsonController('/things')
class SensitiveThingsController {
  @Post('/')
  @Authorize('create', 'Thing')
  @Audit('thing.create', { body: ['name', 'recoveryPhrase'] })
  create(@Body() input: RegisterThing): { name: string } {
    return { name: input.name };
  }
}

describe('@Sensitive() on a DTO of a running app', () => {
  const sink = new MemoryAuditSink();
  let bulwark: BulwarkApp;
  let server: Server;
  let url: string;

  before(async () => {
    const app = express();
    bulwark = useBulwark(app, {
      controllers: [SensitiveThingsController],
      permissions,
      authenticators: [headerAuthenticator],
      audit: new AuditTrail({ sink }),
    });
    server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await bulwark.close();
  });

  it('never stores the marked property, even when @Audit names its body path', async () => {
    const res = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-user': 'ann:admin' },
      body: JSON.stringify({ name: 'vault', recoveryPhrase: 'correct horse battery staple' }),
    });

    expect(res.status).to.equal(200);
    expect(sink.events.map((event) => event.details)).to.deep.equal([
      { 'body.name': 'vault', 'body.recoveryPhrase': REDACTED },
    ]);
    expect(JSON.stringify(sink.events)).to.not.include('battery staple');
  });
});
