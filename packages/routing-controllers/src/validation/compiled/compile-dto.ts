import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import { planInstance, type InstanceBuilder } from './instance-builder';
import { MetadataGuard } from './metadata-guard';
import {
  passes,
  planProperties,
  type MetadataSelection,
  type PropertyPlan,
} from './property-checks';
import { hasTransformerMetadata } from './transformer-metadata';

/**
 * Validates a plain object on the compiled path: the DTO instance when it is valid, or
 * `undefined` when the input must go through class-transformer and class-validator — because it
 * is invalid (they produce the field errors) or because it holds something the compiled path
 * does not handle.
 */
export type CompiledValidator = (plain: object) => object | undefined;

const TRANSFORM_KEYS = new Set(['enableImplicitConversion', 'exposeDefaultValues', 'groups']);
const VALIDATOR_KEYS = new Set([
  'whitelist',
  'forbidNonWhitelisted',
  'forbidUnknownValues',
  'validationError',
  'always',
  'strictGroups',
  'groups',
  'stopAtFirstError',
  'dismissDefaultMessages',
]);

interface Compiled {
  readonly guard: MetadataGuard;
  readonly build: InstanceBuilder;
  readonly properties: ReadonlySet<string>;
  readonly plans: readonly PropertyPlan[];
}

/**
 * Compiles, from class-validator's and class-transformer's metadata, the validation that
 * `plainToInstance(dto, plain, transformOptions)` followed by `validate(instance,
 * validatorOptions)` performs, for DTOs whose properties carry only class-validator's built-in
 * checks of primitive values.
 *
 * The compiled path runs the very constraint instances class-validator runs, selected from the
 * same metadata for the same groups, on an instance built the way class-transformer builds it;
 * it only skips the per-call work around them (metadata lookups and grouping, error objects,
 * promises). It accepts exactly the inputs class-validator finds valid, and returns an instance
 * equal to class-transformer's; for every other input it defers, so refusals carry
 * class-validator's own errors and messages.
 *
 * Security: anything the compiled path does not model — custom constraints, `@ValidateIf`,
 * `@ValidateNested`, `each`, sanitizers and other class-transformer decorators, options it does
 * not know, nested values, unknown keys — goes to class-transformer and class-validator, never
 * through a weaker check. Metadata added after compilation is noticed and the DTO recompiled
 * before its next use.
 *
 * Limitation: a custom decorator registered under the name of a built-in one (say `isString`)
 * is run the way class-validator runs it, synchronously; if it answers with a promise the input
 * is handed to class-validator, which then calls it a second time. No built-in constraint
 * returns a promise. Renaming the custom decorator avoids the second call.
 *
 * @param dto - The DTO class.
 * @param transformOptions - The options given to `plainToInstance`.
 * @param validatorOptions - The options given to `validate`.
 * @returns The compiled validator, or `null` when the DTO or the options need the full path.
 */
export function compileDtoValidator(
  dto: new () => object,
  transformOptions: ClassTransformOptions,
  validatorOptions: ValidatorOptions,
): CompiledValidator | null {
  const selection = selectionOf(transformOptions, validatorOptions);
  if (selection === null) return null;
  const isConverting = transformOptions.enableImplicitConversion === true;
  let compiled = compile(dto, selection, isConverting);
  if (compiled === null) return null;
  return (plain) => {
    if (compiled !== null && !compiled.guard.isCurrent()) {
      compiled = compile(dto, selection, isConverting);
    }
    if (compiled === null) return undefined;
    try {
      return run(compiled, plain);
    } catch {
      // Whatever threw will throw again on the full path, where it is reported as usual.
      return undefined;
    }
  };
}

function selectionOf(
  transformOptions: ClassTransformOptions,
  validatorOptions: ValidatorOptions,
): MetadataSelection | null {
  if (!Object.keys(transformOptions).every((key) => TRANSFORM_KEYS.has(key))) return null;
  if (!Object.keys(validatorOptions).every((key) => VALIDATOR_KEYS.has(key))) return null;
  if (validatorOptions.whitelist !== true || validatorOptions.forbidNonWhitelisted !== true) {
    return null;
  }
  return {
    always: validatorOptions.always === true,
    strictGroups: validatorOptions.strictGroups === true,
    groups: validatorOptions.groups,
  };
}

function compile(
  dto: new () => object,
  selection: MetadataSelection,
  isConverting: boolean,
): Compiled | null {
  try {
    return compileOnce(dto, selection, isConverting);
  } catch {
    // Metadata class-validator itself cannot group (a property named like an Object.prototype
    // member) throws here and again on the full path, where it is reported.
    return null;
  }
}

function compileOnce(
  dto: new () => object,
  selection: MetadataSelection,
  isConverting: boolean,
): Compiled | null {
  const guard = MetadataGuard.of(dto);
  const plans = planProperties(dto, selection);
  if (guard === null || plans === null) return null;
  const names = plans.map((plan) => plan.name);
  if (hasTransformerMetadata(dto, names)) return null;
  const build = planInstance(dto, names, isConverting);
  if (build === null) return null;
  return { guard, build, properties: new Set(names), plans };
}

function run(compiled: Compiled, plain: object): object | undefined {
  const instance = compiled.build(plain);
  if (instance === undefined) return undefined;
  // The whitelist applies to the instance, which may hold fields its constructor set.
  for (const key of Object.keys(instance)) if (!compiled.properties.has(key)) return undefined;
  for (const plan of compiled.plans) if (passes(plan, instance) !== true) return undefined;
  return instance;
}
