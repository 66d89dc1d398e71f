import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createRequestLog, type RequestOutcome } from '@bulwark/routing-controllers';
import pino from 'pino';

function capture(): { lines: Array<Record<string, unknown>>; logger: pino.Logger } {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino(stream) };
}

const outcome: RequestOutcome = {
  requestId: 'req-7',
  route: 'NotesController.update',
  method: 'PUT',
  status: 200,
  kind: 'allowed',
  code: null,
  principalId: 'ann',
  principalKind: 'user',
  clientAddress: '198.51.100.23',
  durationMs: 4.56789,
};

describe('createRequestLog', () => {
  it('writes one line with route, status, principal, duration and request id', async () => {
    const { lines, logger } = capture();

    createRequestLog(logger).onRequest(outcome);
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines[0]).to.include({
      level: 30,
      msg: 'request',
      requestId: 'req-7',
      route: 'NotesController.update',
      method: 'PUT',
      status: 200,
      decision: 'allowed',
      principalId: 'ann',
      durationMs: 4.568,
    });
  });

  it('leaves the client address out', async () => {
    const { lines, logger } = capture();

    createRequestLog(logger).onRequest(outcome);
    await new Promise((resolve) => setImmediate(resolve));

    expect(JSON.stringify(lines)).to.not.include('198.51.100.23');
  });

  it('logs server errors at error level', async () => {
    const { lines, logger } = capture();

    createRequestLog(logger).onRequest({
      ...outcome,
      status: 500,
      kind: 'error',
      code: 'ERR_INTERNAL',
    });
    await new Promise((resolve) => setImmediate(resolve));

    expect(lines[0]).to.include({ level: 50, code: 'ERR_INTERNAL' });
  });
});
