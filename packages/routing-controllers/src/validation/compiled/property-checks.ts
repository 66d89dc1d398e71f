import * as classValidator from 'class-validator';
import {
  getMetadataStorage,
  IS_OPTIONAL,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/**
 * class-validator's own decorators that check one primitive value synchronously and purely,
 * named by the constants class-validator exports for them. Only these are run by the compiled
 * path; a custom constraint (`@Validate`, `registerDecorator` under another name),
 * `@ValidateIf`, `@ValidateNested`, `each: true` or any other decorator leaves the whole DTO to
 * class-validator.
 */
const BUILT_IN_CONSTANTS = [
  'CONTAINS',
  'EQUALS',
  'IS_ALPHA',
  'IS_ALPHANUMERIC',
  'IS_ASCII',
  'IS_BOOLEAN',
  'IS_BOOLEAN_STRING',
  'IS_DATE_STRING',
  'IS_DEFINED',
  'IS_DIVISIBLE_BY',
  'IS_EMAIL',
  'IS_EMPTY',
  'IS_ENUM',
  'IS_HEXADECIMAL',
  'IS_IN',
  'IS_INT',
  'IS_LENGTH',
  'IS_LOWERCASE',
  'IS_NEGATIVE',
  'IS_NOT_EMPTY',
  'IS_NOT_IN',
  'IS_NUMBER',
  'IS_NUMBER_STRING',
  'IS_POSITIVE',
  'IS_STRING',
  'IS_UPPERCASE',
  'IS_URL',
  'IS_UUID',
  'MATCHES',
  'MAX',
  'MAX_LENGTH',
  'MIN',
  'MIN_LENGTH',
  'NOT_CONTAINS',
  'NOT_EQUALS',
] as const satisfies readonly (keyof typeof classValidator)[];

const BUILT_IN = new Set<string>(BUILT_IN_CONSTANTS.map((name) => classValidator[name]));

/** One constraint, resolved to the very constraint instance class-validator would call. */
interface ConstraintCheck {
  readonly validator: ValidatorConstraintInterface;
  readonly metadata: ValidationMetadata;
}

/** The checks of one validated property, in class-validator's order of evaluation. */
export interface PropertyPlan {
  readonly name: string;
  /** `@IsOptional` conditions: when one is false the property is not validated at all. */
  readonly conditions: readonly ValidationMetadata[];
  /** `@IsDefined` first, then every other constraint, as class-validator runs them. */
  readonly checks: readonly ConstraintCheck[];
}

/** The options that select which metadata applies, as the DTO validator passes them. */
export interface MetadataSelection {
  readonly always: boolean;
  readonly strictGroups: boolean;
  readonly groups: readonly string[] | undefined;
}

/**
 * Plans the checks of every validated property from the same metadata selection class-validator
 * makes for these options (groups, `always`, `strictGroups`, inheritance), resolving each
 * constraint once.
 *
 * @param dto - The DTO class.
 * @param selection - How metadata is selected.
 * @returns One plan per property, or `null` when some decorator is not one the compiled path
 *   runs, or when no metadata applies (class-validator then reports an unknown value).
 */
export function planProperties(dto: Function, selection: MetadataSelection): PropertyPlan[] | null {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(
    dto,
    undefined as unknown as string,
    selection.always,
    selection.strictGroups,
    selection.groups === undefined ? undefined : [...selection.groups],
  );
  if (metadatas.length === 0) return null;
  const plans: PropertyPlan[] = [];
  for (const [name, group] of Object.entries(storage.groupByPropertyName(metadatas))) {
    const plan = planProperty(name, group);
    if (plan === null) return null;
    plans.push(plan);
  }
  return plans;
}

function planProperty(name: string, group: readonly ValidationMetadata[]): PropertyPlan | null {
  const conditions: ValidationMetadata[] = [];
  const defined: ConstraintCheck[] = [];
  const others: ConstraintCheck[] = [];
  for (const metadata of group) {
    if (metadata.each === true) return null;
    if (metadata.type === ValidationTypes.WHITELIST) continue;
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      if (metadata.name !== IS_OPTIONAL) return null;
      conditions.push(metadata);
      continue;
    }
    const isDefined = metadata.type === ValidationTypes.IS_DEFINED;
    if (!isDefined && metadata.type !== ValidationTypes.CUSTOM_VALIDATION) return null;
    const check = resolveConstraint(metadata);
    if (check === null) return null;
    (isDefined ? defined : others).push(check);
  }
  return { name, conditions, checks: [...defined, ...others] };
}

function resolveConstraint(metadata: ValidationMetadata): ConstraintCheck | null {
  if (metadata.name === undefined || !BUILT_IN.has(metadata.name)) return null;
  const constraints = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  const [constraint] = constraints;
  if (constraints.length !== 1 || constraint === undefined || constraint.async) return null;
  if (constraint.name !== metadata.name) return null;
  return { validator: constraint.instance, metadata };
}

/**
 * Runs a property's checks on the instance exactly as class-validator would, and says whether
 * they all pass.
 *
 * @param plan - The property's plan.
 * @param instance - The DTO instance being validated.
 * @returns `true` when valid, `false` when a check fails, `null` when a check answered with a
 *   promise (then the caller defers to class-validator).
 */
export function passes(plan: PropertyPlan, instance: Record<string, unknown>): boolean | null {
  const value = instance[plan.name];
  for (const condition of plan.conditions) {
    const isRelevant = (condition.constraints[0] as (o: object, v: unknown) => unknown)(
      instance,
      value,
    );
    if (!isRelevant) return true;
  }
  for (const { validator, metadata } of plan.checks) {
    const args: ValidationArguments = {
      targetName: (instance.constructor
        ? (instance.constructor as Function).name
        : undefined) as string,
      property: metadata.propertyName,
      object: instance,
      value,
      constraints: metadata.constraints,
    };
    const result: unknown = validator.validate(value, args);
    if (isThenable(result)) return null;
    if (!result) return false;
  }
  return true;
}

function isThenable(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
