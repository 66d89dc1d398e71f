import 'reflect-metadata';
import { expect } from 'chai';
import { Expose, Transform, Type } from 'class-transformer';
import {
  IsOptional,
  IsString,
  Validate,
  ValidateIf,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { compileDtoValidator } from '../../../../src/validation/compiled/compile-dto';
import { BODY_TRANSFORM, TEXT_TRANSFORM, validatorOptions } from './support';

class CreateItem {
  @IsString()
  name!: string;
}

describe('compileDtoValidator (what it leaves to class-transformer and class-validator)', () => {
  context('when the DTO needs class-transformer or class-validator', () => {
    @ValidatorConstraint({ name: 'even' })
    class Even implements ValidatorConstraintInterface {
      validate(value: unknown): boolean {
        return typeof value === 'number' && value % 2 === 0;
      }
    }
    class Child {
      @IsString()
      name!: string;
    }
    class WithCustom {
      @Validate(Even)
      n!: number;
    }
    class WithCondition {
      @ValidateIf((o: { kind?: string }) => o.kind === 'x')
      @IsString()
      name!: string;
    }
    class WithNested {
      @ValidateNested()
      @Type(() => Child)
      child!: Child;
    }
    class WithEach {
      @IsString({ each: true })
      tags!: string[];
    }
    class WithSanitizer {
      @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
      @IsString()
      name!: string;
    }
    class WithExpose {
      @Expose({ name: 'full_name' })
      @IsString()
      name!: string;
    }
    class WithShadow {}
    IsString()(WithShadow.prototype, 'toString');
    class WithDate {
      @IsOptional()
      since?: Date;
    }
    class Empty {
      name?: string;
    }

    const cases: [string, new () => object, typeof BODY_TRANSFORM][] = [
      ['a custom constraint', WithCustom, BODY_TRANSFORM],
      ['@ValidateIf', WithCondition, BODY_TRANSFORM],
      ['@ValidateNested with @Type', WithNested, BODY_TRANSFORM],
      ['each: true', WithEach, BODY_TRANSFORM],
      ['a sanitizer (@Transform)', WithSanitizer, BODY_TRANSFORM],
      ['@Expose with another name', WithExpose, BODY_TRANSFORM],
      ['a property shadowing Object.prototype', WithShadow, BODY_TRANSFORM],
      ['a Date converted from text', WithDate, TEXT_TRANSFORM],
      ['no validation metadata', Empty, BODY_TRANSFORM],
    ];
    for (const [what, dto, transform] of cases) {
      it(`compiles nothing for ${what}`, () => {
        expect(compileDtoValidator(dto, transform, validatorOptions())).to.equal(null);
      });
    }

    it('compiles nothing for options it does not model', () => {
      expect(
        compileDtoValidator(CreateItem, BODY_TRANSFORM, {
          ...validatorOptions(),
          skipMissingProperties: true,
        }),
      ).to.equal(null);
      expect(
        compileDtoValidator(CreateItem, BODY_TRANSFORM, {
          ...validatorOptions(),
          forbidNonWhitelisted: false,
        }),
      ).to.equal(null);
      expect(
        compileDtoValidator(
          CreateItem,
          { ...BODY_TRANSFORM, excludeExtraneousValues: true },
          validatorOptions(),
        ),
      ).to.equal(null);
    });
  });
});
