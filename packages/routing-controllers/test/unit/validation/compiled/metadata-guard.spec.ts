import 'reflect-metadata';
import { expect } from 'chai';
import { Type } from 'class-transformer';
import { IsString, MaxLength } from 'class-validator';
import { MetadataGuard } from '../../../../src/validation/compiled/metadata-guard';

describe('MetadataGuard', () => {
  describe('#isCurrent', () => {
    it('stays current while no metadata is added', () => {
      class Stable {
        @IsString()
        name!: string;
      }
      const guard = MetadataGuard.of(Stable);
      expect(guard?.isCurrent()).to.equal(true);
      expect(guard?.isCurrent()).to.equal(true);
    });

    it('turns stale when the class or an ancestor gets a validation decorator', () => {
      class Base {
        @IsString()
        name!: string;
      }
      class Derived extends Base {}
      const guard = MetadataGuard.of(Derived);
      MaxLength(3)(Base.prototype, 'name');
      expect(guard?.isCurrent()).to.equal(false);
    });

    it('turns stale when any class gets its first validation decorator', () => {
      class Watched {
        @IsString()
        name!: string;
      }
      const guard = MetadataGuard.of(Watched);
      class Newcomer {}
      IsString()(Newcomer.prototype, 'name');
      expect(guard?.isCurrent()).to.equal(false);
    });

    it('turns stale when class-transformer records metadata for a new class', () => {
      class Watched {
        @IsString()
        name!: string;
      }
      const guard = MetadataGuard.of(Watched);
      class Other {}
      Type(() => String)(Other.prototype, 'name');
      expect(guard?.isCurrent()).to.equal(false);
    });
  });
});
