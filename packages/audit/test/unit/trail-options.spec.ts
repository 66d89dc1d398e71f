import { expect } from 'chai';
import { isBulwarkError } from '@bulwark/core';
import { MemoryAuditSink, type AuditTrailOptions } from '@bulwark/audit';
import { checkTrailOptions } from '../../src/trail-options';

function problemsOf(options: Record<string, unknown>): string[] {
  try {
    checkTrailOptions(options as unknown as AuditTrailOptions);
    return [];
  } catch (error) {
    expect(isBulwarkError(error) && error.code).to.equal('ERR_CONFIG_INVALID');
    return (error as { details: { problems: string[] } }).details.problems;
  }
}

describe('checkTrailOptions', () => {
  const sink = new MemoryAuditSink();

  it('accepts complete, valid options', () => {
    const options = {
      sink,
      hmacKey: Buffer.alloc(32, 1),
      redactKeys: ['ssn'],
      floodControl: { windowMs: 1000, perKey: 2, perWindow: 10 },
      maxBatchSize: 10,
    };
    expect(problemsOf(options)).to.deep.equal([]);
  });

  it('reports unknown keys, so a misspelt option is not silently ignored', () => {
    expect(problemsOf({ sink, hmacSecret: 'x' })).to.deep.equal(['unknown option "hmacSecret".']);
  });

  it('refuses an HMAC key shorter than 32 bytes', () => {
    expect(problemsOf({ sink, hmacKey: 'short' })).to.have.length(1);
  });

  it('refuses an HMAC key that is neither text nor bytes', () => {
    expect(problemsOf({ sink, hmacKey: 42 })).to.deep.equal([
      'hmacKey must be a string or a Buffer.',
    ]);
  });

  it('reports every problem together', () => {
    const problems = problemsOf({
      sink: { write: () => undefined },
      floodControl: { perKey: 0 },
      redactKeys: [1],
      retryDelayMs: -1,
    });
    expect(problems).to.have.length(4);
  });

  it('refuses a flood control setting that is not an object', () => {
    expect(problemsOf({ sink, floodControl: true })).to.deep.equal([
      'floodControl must be an object or false.',
    ]);
  });
});
