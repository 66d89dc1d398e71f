import { expect } from 'chai';
import { hashSecret, needsRehash, verifySecret } from '@bulwark/auth';
import { FAST_SCRYPT } from '../../support/fixtures';

describe('hashSecret', () => {
  it('records the parameters, a salt and the hash, and never the secret', async () => {
    const hash = await hashSecret('s3cret-value', FAST_SCRYPT);
    expect(hash).to.match(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).to.not.include('s3cret');
  });

  it('salts each hash differently', async () => {
    expect(await hashSecret('same', FAST_SCRYPT)).to.not.equal(
      await hashSecret('same', FAST_SCRYPT),
    );
  });
});

describe('verifySecret', () => {
  it('accepts the right secret and refuses a wrong one', async () => {
    const hash = await hashSecret('right', FAST_SCRYPT);
    expect(await verifySecret('right', hash)).to.equal(true);
    expect(await verifySecret('wrong', hash)).to.equal(false);
    expect(await verifySecret('righ', hash)).to.equal(false);
  });

  it('never matches a malformed or tampered hash', async () => {
    const hash = await hashSecret('right', FAST_SCRYPT);
    const parts = hash.split('$');
    const attempts = [
      '',
      'plain',
      hash.replace('scrypt', 'bcrypt'),
      [...parts.slice(0, 1), '1000', ...parts.slice(2)].join('$'),
      [...parts.slice(0, 5), 'c2hvcnQ'].join('$'),
      [...parts.slice(0, 4), 'AA', parts[5]].join('$'),
      [...parts.slice(0, 2), '0', ...parts.slice(3)].join('$'),
    ];
    for (const stored of attempts)
      expect(await verifySecret('right', stored), stored).to.equal(false);
  });
});

describe('needsRehash', () => {
  it('asks for a new hash when the stored cost is lower than wanted', async () => {
    const weak = await hashSecret('x', FAST_SCRYPT);
    expect(needsRehash(weak)).to.equal(true);
    expect(needsRehash(weak, FAST_SCRYPT)).to.equal(false);
    expect(needsRehash('garbage')).to.equal(true);
  });
});
