import 'reflect-metadata';
import { expect } from 'chai';
import {
  Contains,
  Equals,
  IsAlpha,
  IsBoolean,
  IsBooleanString,
  IsDefined,
  IsEmail,
  IsEmpty,
  IsEnum,
  IsIn,
  IsInt,
  IsNegative,
  IsNotEmpty,
  IsNotIn,
  IsNumber,
  IsNumberString,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
} from 'class-validator';
import fc from 'fast-check';
import { compileDtoValidator } from '../../../../src/validation/compiled/compile-dto';
import {
  BODY_TRANSFORM,
  expectSameInstance,
  isSimple,
  plainOver,
  primitive,
  reference,
  TEXT_TRANSFORM,
  validatorOptions,
} from './support';

type Decorate = PropertyDecorator;

enum Color {
  Red = 'red',
  Blue = 'blue',
}

/**
 * Every built-in check the compiled path runs, with arguments drawn at random, grouped by the
 * kind of value they accept, so that drawn DTOs are often satisfiable; a few mix kinds.
 */
const stringCheck: fc.Arbitrary<Decorate> = fc.oneof(
  fc.constantFrom(
    IsString(),
    IsNotEmpty(),
    IsEmpty(),
    IsEmail(),
    IsUUID(),
    IsAlpha(),
    IsNumberString(),
    IsBooleanString(),
    IsEnum(Color),
    IsIn(['a', 'red', 1, true]),
    IsNotIn(['a', 0]),
    Equals('a'),
    NotEquals(0),
    Contains('a'),
    Matches(/^a+$/),
  ),
  fc.integer({ min: 0, max: 6 }).map((n) => MinLength(n)),
  fc.integer({ min: 0, max: 8 }).map((n) => MaxLength(n)),
  fc.tuple(fc.nat(3), fc.nat(6)).map(([a, b]) => Length(a, a + b)),
);

const numberCheck: fc.Arbitrary<Decorate> = fc.oneof(
  fc.constantFrom(IsInt(), IsNumber(), IsPositive(), IsNegative(), IsNotIn(['a', 0]), NotEquals(0)),
  fc.integer({ min: -3, max: 3 }).map((n) => Min(n)),
  fc.integer({ min: -3, max: 3 }).map((n) => Max(n)),
);

const booleanCheck: fc.Arbitrary<Decorate> = fc.constantFrom(
  IsBoolean(),
  IsIn(['a', 'red', 1, true]),
  IsDefined(),
  IsNotEmpty(),
);

const checks: fc.Arbitrary<readonly Decorate[]> = fc.oneof(
  fc.array(stringCheck, { minLength: 1, maxLength: 3 }),
  fc.array(numberCheck, { minLength: 1, maxLength: 3 }),
  fc.array(booleanCheck, { minLength: 1, maxLength: 2 }),
  fc.array(fc.oneof(stringCheck, numberCheck, booleanCheck), { minLength: 1, maxLength: 3 }),
);

interface PropertySpec {
  readonly name: string;
  readonly isOptional: boolean;
  readonly checks: readonly Decorate[];
  readonly type: Function | undefined;
}

const property = (name: string): fc.Arbitrary<PropertySpec> =>
  fc.record({
    name: fc.constant(name),
    isOptional: fc.boolean(),
    checks,
    type: fc.constantFrom(String, Number, Boolean, undefined),
  });

const NAMES = ['a', 'b', 'c', 'd'];

/** Values that satisfy some of the checks above, so that many drawn bodies are valid. */
const likely = fc.constantFrom<unknown>(
  'a',
  'aa',
  'aaaa',
  'red',
  '',
  '1',
  'true',
  'x@y.io',
  'c9a1e3b4-1d2e-4f5a-9b8c-7d6e5f4a3b2c',
  1,
  2,
  -1,
  0,
  3,
  true,
  null,
);

/** Bodies over the DTO's properties, mostly with likely values, sometimes anything at all. */
function bodiesFor(
  names: readonly string[],
  value: fc.Arbitrary<unknown>,
): fc.Arbitrary<Record<string, unknown>[]> {
  const friendly = fc
    .tuple(...names.map((name) => fc.option(fc.tuple(fc.constant(name), value), { freq: 6 })))
    .map((entries) => Object.fromEntries(entries.filter((e) => e !== null)));
  return fc.array(fc.oneof({ weight: 3, arbitrary: friendly }, plainOver(names)), {
    maxLength: 30,
  });
}

/** A DTO's properties and bodies to validate against it. */
function dtoAndBodies(value: fc.Arbitrary<unknown>) {
  return fc
    .subarray(NAMES, { minLength: 1 })
    .chain((names) =>
      fc.tuple(fc.tuple(...names.map(property)), bodiesFor(names, value), fc.constant(names)),
    );
}

/** Builds a fresh class and applies the drawn decorators, as TypeScript would. */
function build(specs: readonly PropertySpec[]): new () => object {
  const Generated = class {};
  for (const spec of specs) {
    Reflect.defineMetadata('design:type', spec.type, Generated.prototype, spec.name);
    for (const decorate of spec.checks) decorate(Generated.prototype, spec.name);
    if (spec.isOptional) IsOptional()(Generated.prototype, spec.name);
  }
  return Generated;
}

async function agrees(
  dto: new () => object,
  plains: readonly Record<string, unknown>[],
  names: readonly string[],
  transform: typeof BODY_TRANSFORM,
): Promise<void> {
  const options = validatorOptions();
  const compiled = compileDtoValidator(dto, transform, options);
  expect(compiled).to.not.equal(null);
  for (const plain of plains) {
    const accepted = compiled?.(plain);
    const expected = await reference(dto, plain, transform, options);
    if (accepted !== undefined) {
      expect(expected.isValid).to.equal(true);
      expectSameInstance(accepted, expected.instance);
    }
    if (isSimple(plain, names)) expect(accepted !== undefined).to.equal(expected.isValid);
  }
}

describe('compileDtoValidator (generated DTOs)', () => {
  it('agrees with class-transformer and class-validator on random DTOs and bodies', async () => {
    const value = fc.oneof({ weight: 4, arbitrary: likely }, primitive);
    await fc.assert(
      fc.asyncProperty(dtoAndBodies(value), ([specs, plains, names]) =>
        agrees(build(specs), plains, names, BODY_TRANSFORM),
      ),
      { numRuns: 150 },
    );
  });

  it('agrees with them on random DTOs and converted text values', async () => {
    const text = fc.oneof(
      fc.constantFrom('', '0', '1', '-1', '2', 'a', 'aa', 'red', 'true', 'false', '1.5', 'x@y.io'),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(dtoAndBodies(text), ([specs, plains, names]) =>
        agrees(build(specs), plains, names, TEXT_TRANSFORM),
      ),
      { numRuns: 150 },
    );
  });
});
