import 'reflect-metadata';
import { expect } from 'chai';
import { planInstance } from '../../../../src/validation/compiled/instance-builder';

class Query {
  limit: number = 20;
  flag?: boolean;
  text?: string;
  loose?: unknown;
}
Reflect.defineMetadata('design:type', Number, Query.prototype, 'limit');
Reflect.defineMetadata('design:type', Boolean, Query.prototype, 'flag');
Reflect.defineMetadata('design:type', String, Query.prototype, 'text');
Reflect.defineMetadata('design:type', Object, Query.prototype, 'loose');

const NAMES = ['limit', 'flag', 'text', 'loose'];

describe('planInstance', () => {
  context('without conversion (a JSON body)', () => {
    it('constructs the class and copies values in key order', () => {
      const build = planInstance(Query, NAMES, false);
      const instance = build?.({ text: 'a', limit: '5' });
      expect(instance).to.be.instanceOf(Query);
      expect(Object.keys(instance as object)).to.deep.equal(['limit', 'text']);
      expect(instance).to.include({ limit: '5', text: 'a' });
    });
  });

  context('with implicit conversion (query, path, headers)', () => {
    it('converts to the declared primitive type and leaves other types alone', () => {
      const build = planInstance(Query, NAMES, true);
      const instance = build?.({ limit: '7', flag: 'false', text: '1', loose: '1' });
      expect(instance).to.deep.include({ limit: 7, flag: true, text: '1', loose: '1' });
    });

    it('keeps null as null', () => {
      const build = planInstance(Query, NAMES, true);
      expect(build?.({ limit: null })).to.include({ limit: null });
    });

    it('declines a property declared as a Date', () => {
      class Since {
        since?: Date;
      }
      Reflect.defineMetadata('design:type', Date, Since.prototype, 'since');
      expect(planInstance(Since, ['since'], true)).to.equal(null);
      expect(planInstance(Since, ['since'], false)).to.not.equal(null);
    });
  });

  context('when an input is not a flat object of known keys', () => {
    const build = planInstance(Query, NAMES, false);

    it('answers undefined for an unknown key', () => {
      expect(build?.({ limit: 1, other: 1 })).to.equal(undefined);
    });

    it('answers undefined for an object, an array or undefined', () => {
      expect(build?.({ loose: {} })).to.equal(undefined);
      expect(build?.({ loose: [] })).to.equal(undefined);
      expect(build?.({ loose: undefined })).to.equal(undefined);
    });

    it('answers undefined when the constructor set the field to a function', () => {
      class WithFunction {
        run: unknown = () => 1;
      }
      expect(planInstance(WithFunction, ['run'], false)?.({ run: 1 })).to.equal(undefined);
    });
  });

  context('when a property is shadowed', () => {
    it('declines a name found on the prototype chain or skipped by class-transformer', () => {
      class WithGetter {
        get total(): number {
          return 1;
        }
      }
      expect(planInstance(WithGetter, ['total'], false)).to.equal(null);
      expect(planInstance(Query, ['valueOf'], false)).to.equal(null);
      expect(planInstance(Query, ['constructor'], false)).to.equal(null);
    });
  });
});
