import { expect } from 'chai';
import { changedFields, REDACTED, Sensitive, snapshotFields } from '@bulwark/audit';

class Account {
  id = 'a-1';
  name = 'ann';
  updatedAt = new Date(Date.UTC(2026, 0, 1));
  tags = ['x'];

  @Sensitive()
  recoveryCode = 'r-123';

  greet(): string {
    return `hi ${this.name}`;
  }
}

describe('snapshotFields', () => {
  it('copies own fields so later changes to the instance do not show', () => {
    const account = new Account();
    const before = snapshotFields(account);

    account.tags.push('y');
    account.name = 'bob';

    expect(before).to.deep.equal({
      id: 'a-1',
      name: 'ann',
      updatedAt: '2026-01-01T00:00:00.000Z',
      tags: ['x'],
      recoveryCode: REDACTED,
    });
  });

  it('returns null for a missing instance', () => {
    expect(snapshotFields(null)).to.equal(null);
  });
});

describe('changedFields', () => {
  it('lists only the changed fields with their values before and after', () => {
    const account = new Account();
    const before = snapshotFields(account);
    account.name = 'bob';
    account.tags = ['x', 'z'];

    expect(changedFields(before, snapshotFields(account))).to.deep.equal({
      name: { before: 'ann', after: 'bob' },
      tags: { before: ['x'], after: ['x', 'z'] },
    });
  });

  it('never reveals a sensitive field, even when it changed', () => {
    const account = new Account();
    const before = snapshotFields(account);
    account.recoveryCode = 'r-999';

    expect(changedFields(before, snapshotFields(account))).to.equal(null);
  });

  it('counts a field present on one side only, and returns null without a side', () => {
    expect(changedFields({ a: 1 }, { b: 2 })).to.deep.equal({
      a: { before: 1, after: null },
      b: { before: null, after: 2 },
    });
    expect(changedFields(null, { a: 1 })).to.equal(null);
  });
});
