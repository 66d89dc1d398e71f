import 'reflect-metadata';
import { expect } from 'chai';
import { Transform } from 'class-transformer';
import {
  Allow,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  registerDecorator,
} from 'class-validator';
import fc from 'fast-check';
import { compileDtoValidator } from '../../../../src/validation/compiled/compile-dto';
import {
  BODY_TRANSFORM,
  expectSameInstance,
  isSimple,
  plainOver,
  reference,
  TEXT_TRANSFORM,
  validatorOptions,
} from './support';

class CreateItem {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @IsString()
  @MaxLength(1000)
  description!: string;

  @IsInt()
  @Min(0)
  @Max(1_000_000)
  price!: number;

  @IsIn(['tools', 'books', 'games'])
  category!: string;

  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;
}

class ListQuery {
  @IsOptional()
  @IsInt()
  @Min(0)
  offset: number = 0;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @IsOptional()
  @IsBoolean()
  isPublished?: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(20)
  search?: string;
}

class Note {
  @IsDefined()
  @IsString({ groups: ['create'] })
  @IsOptional({ groups: ['update'] })
  @MaxLength(20, { always: true })
  title!: string;

  @Allow()
  tag?: unknown;
}

const ITEM_KEYS = ['name', 'description', 'price', 'category', 'isPublished'];
const QUERY_KEYS = ['offset', 'limit', 'isPublished', 'search'];

/**
 * The differential property: whenever the compiled path accepts, class-transformer and
 * class-validator accept and build the same instance; on inputs the compiled path must handle,
 * it accepts exactly when they do.
 */
async function agrees(
  dto: new () => object,
  keys: readonly string[],
  plain: Record<string, unknown>,
  transform = BODY_TRANSFORM,
  groups: readonly string[] = [],
): Promise<void> {
  const options = validatorOptions(groups);
  const compiled = compileDtoValidator(dto, transform, options);
  expect(compiled, 'the DTO compiles').to.not.equal(null);
  const accepted = compiled?.(plain);
  const expected = await reference(dto, plain, transform, options);
  if (accepted !== undefined) {
    expect(expected.isValid, 'class-validator accepts what the compiled path accepts').to.equal(
      true,
    );
    expectSameInstance(accepted, expected.instance);
  }
  if (isSimple(plain, keys)) expect(accepted !== undefined).to.equal(expected.isValid);
}

describe('compileDtoValidator', () => {
  context('on a body DTO of built-in checks', () => {
    it('accepts exactly the bodies class-validator accepts, as the same instance', async () => {
      await fc.assert(
        fc.asyncProperty(plainOver(ITEM_KEYS), (plain) => agrees(CreateItem, ITEM_KEYS, plain)),
        { numRuns: 300 },
      );
    });

    it('agrees on bodies near the edges of every check', async () => {
      const near = fc.record(
        {
          name: fc.oneof(fc.string({ maxLength: 101 }), fc.constantFrom('', 'x'.repeat(100), 7)),
          description: fc.oneof(fc.string({ maxLength: 5 }), fc.constant('d'.repeat(1001))),
          price: fc.oneof(
            fc.integer({ min: -2, max: 1_000_002 }),
            fc.constantFrom(0, 1_000_000, 1_000_001, 1.5, -0, NaN, '5'),
          ),
          category: fc.constantFrom('tools', 'books', 'games', 'Tools', '', null),
          isPublished: fc.constantFrom(true, false, null, 'true', 0),
        },
        { requiredKeys: ['name', 'description', 'price', 'category'] },
      );
      await fc.assert(
        fc.asyncProperty(near, (plain) => agrees(CreateItem, ITEM_KEYS, plain)),
        { numRuns: 300 },
      );
    });

    it('accepts a valid body without class-validator', () => {
      const compiled = compileDtoValidator(CreateItem, BODY_TRANSFORM, validatorOptions());
      const body = { name: 'Widget', description: '', price: 5, category: 'tools' };
      const instance = compiled?.(body);
      expect(instance).to.be.instanceOf(CreateItem);
      expect(instance).to.deep.equal(body);
    });

    it('defers an invalid body, so class-validator reports its errors', () => {
      const compiled = compileDtoValidator(CreateItem, BODY_TRANSFORM, validatorOptions());
      const body = { name: '', description: 'x', price: 5, category: 'tools' };
      expect(compiled?.(body)).to.equal(undefined);
    });
  });

  context('with implicit conversion (query, path and header values)', () => {
    const text = fc.oneof(
      fc.constantFrom('', '0', '1', '-1', '100', '101', '1.5', 'true', 'false', 'abc', ' 7'),
      fc.string({ maxLength: 25 }),
    );

    it('converts and checks strings as class-transformer and class-validator do', async () => {
      await fc.assert(
        fc.asyncProperty(plainOver(QUERY_KEYS, text), (plain) =>
          agrees(ListQuery, QUERY_KEYS, plain, TEXT_TRANSFORM),
        ),
        { numRuns: 400 },
      );
    });

    it('keeps the default of a property the query leaves out', () => {
      const compiled = compileDtoValidator(ListQuery, TEXT_TRANSFORM, validatorOptions());
      const instance = compiled?.({ limit: '10' }) as ListQuery;
      expect(instance.offset).to.equal(0);
      expect(instance.limit).to.equal(10);
    });
  });

  context('with groups', () => {
    for (const groups of [[], ['create'], ['update'], ['create', 'update']]) {
      it(`selects the metadata class-validator selects for [${groups.join(', ')}]`, async () => {
        await fc.assert(
          fc.asyncProperty(plainOver(['title', 'tag']), (plain) =>
            agrees(Note, ['title', 'tag'], plain, BODY_TRANSFORM, groups),
          ),
          { numRuns: 150 },
        );
      });
    }
  });

  context('when an input needs class-transformer', () => {
    const compiled = () => compileDtoValidator(CreateItem, BODY_TRANSFORM, validatorOptions());
    const valid = { name: 'W', description: '', price: 1, category: 'books' };

    it('defers an unknown key, even one class-transformer would skip', () => {
      for (const key of ['extra', 'toString', '__proto__', 'constructor']) {
        const plain = Object.fromEntries([...Object.entries(valid), [key, 'x']]);
        expect(compiled()?.(plain), key).to.equal(undefined);
      }
    });

    it('defers nested values and undefined', () => {
      expect(compiled()?.({ ...valid, name: ['W'] })).to.equal(undefined);
      expect(compiled()?.({ ...valid, name: { w: 1 } })).to.equal(undefined);
      expect(compiled()?.({ ...valid, isPublished: undefined })).to.equal(undefined);
    });
  });

  context('when metadata is added after compilation', () => {
    it('recompiles before the next input and applies the new check', () => {
      class Late {
        @IsString()
        name!: string;
      }
      const compiled = compileDtoValidator(Late, BODY_TRANSFORM, validatorOptions());
      expect(compiled?.({ name: 'long enough' })).to.be.instanceOf(Late);
      MaxLength(3)(Late.prototype, 'name');
      expect(compiled?.({ name: 'long enough' })).to.equal(undefined);
      expect(compiled?.({ name: 'ok' })).to.be.instanceOf(Late);
    });

    it('stops compiling when the added decorator is one it does not model', () => {
      class Later {
        @IsString()
        name!: string;
      }
      const compiled = compileDtoValidator(Later, BODY_TRANSFORM, validatorOptions());
      Transform(({ value }) => value)(Later.prototype, 'name');
      expect(compiled?.({ name: 'anything' })).to.equal(undefined);
    });
  });

  context('when a constraint under a built-in name answers with a promise', () => {
    it('defers the input to class-validator', () => {
      class Squatting {
        name!: string;
      }
      registerDecorator({
        name: 'isString',
        target: Squatting,
        propertyName: 'name',
        validator: { validate: () => Promise.resolve(true) },
      });
      const compiled = compileDtoValidator(Squatting, BODY_TRANSFORM, validatorOptions());
      expect(compiled).to.not.equal(null);
      expect(compiled?.({ name: 'x' })).to.equal(undefined);
    });
  });
});
