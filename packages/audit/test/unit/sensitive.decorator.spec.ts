import { expect } from 'chai';
import { isBulwarkError } from '@bulwark/core';
import {
  createRedactor,
  markSensitive,
  REDACTED,
  Sensitive,
  sensitivePropertiesOf,
} from '@bulwark/audit';

class Account {
  @Sensitive()
  recoveryCode!: string;

  name = 'ann';
}

class AdminAccount extends Account {
  @Sensitive()
  supportPin!: string;
}

describe('Sensitive', () => {
  it('records the property on its class', () => {
    expect(sensitivePropertiesOf(Account)).to.deep.equal(['recoveryCode']);
  });

  it('includes the properties of base classes', () => {
    expect(sensitivePropertiesOf(AdminAccount)).to.have.members(['supportPin', 'recoveryCode']);
  });

  it('makes the redactor hide the property of any instance, without registration', () => {
    const account = Object.assign(new AdminAccount(), { recoveryCode: 'r-1', supportPin: '42' });

    const result = createRedactor()({ before: account });

    expect(result).to.deep.equal({
      before: { recoveryCode: REDACTED, name: 'ann', supportPin: REDACTED },
    });
  });

  context('when applied to a static property', () => {
    it('throws ERR_DECORATOR_ARGUMENT', () => {
      try {
        Sensitive()(Account, 'shared');
        expect.fail('expected a decorator error');
      } catch (error) {
        expect(isBulwarkError(error) && error.code).to.equal('ERR_DECORATOR_ARGUMENT');
      }
    });
  });
});

describe('markSensitive', () => {
  it('marks properties of a class that cannot be decorated', () => {
    class Foreign {}
    markSensitive(Foreign, 'taxId');

    expect(sensitivePropertiesOf(Foreign)).to.deep.equal(['taxId']);
  });
});

describe('sensitivePropertiesOf', () => {
  it('returns nothing for undefined or plain classes', () => {
    expect(sensitivePropertiesOf(undefined)).to.deep.equal([]);
    expect(sensitivePropertiesOf(Object)).to.deep.equal([]);
  });
});
