import type { SchemaObject } from '../document/openapi-types';
import { dtoSchema } from './dto-schema';
import { responseSchema } from './response-schema';
import {
  capToParameterBound,
  capToPayloadBounds,
  PARAMETER_MAX_LENGTH,
  type ParameterBounds,
  type PayloadBounds,
} from './schema-finishing';

/**
 * Where a DTO is used. The same class can validate differently in each place: a JSON body is also
 * held to the payload limits, path/query/header values are not, and a response DTO describes
 * what is let out rather than what is accepted.
 */
export type SchemaUsage = 'body' | 'parameters' | 'response';

const USAGE_SUFFIX: Readonly<Record<SchemaUsage, string>> = Object.freeze({
  body: '',
  parameters: '_Parameters',
  response: '_Response',
});

/**
 * Collects the component schemas of an app's DTOs. Each (class, groups, usage) gets one
 * component; two classes with the same name (controllers built by factories declare them per
 * app) get distinct component names instead of overwriting each other.
 */
export class SchemaRegistry {
  private readonly schemas: Record<string, SchemaObject> = {};
  private readonly names = new Map<Function, Map<string, string>>();

  /**
   * @param bounds - The payload limits every JSON body is held to.
   */
  constructor(private readonly bounds: PayloadBounds) {}

  /**
   * A reference to the component of a DTO, converting it on first use.
   *
   * @param dto - The DTO class.
   * @param groups - The route's groups.
   * @param usage - Where the DTO is used.
   * @returns `{ $ref }`.
   */
  ref(dto: Function, groups: readonly string[], usage: SchemaUsage): SchemaObject {
    return { $ref: this.register(dto, groups, usage) };
  }

  /**
   * The object schema of a parameter DTO (query, path or headers), inline, with nested DTOs as
   * components.
   *
   * @param dto - The DTO class.
   * @param groups - The route's groups.
   * @param bounds - The bounds of the parameter location.
   * @returns The object schema.
   */
  parameters(dto: Function, groups: readonly string[], bounds: ParameterBounds): SchemaObject {
    const nestedRef = (nested: Function): string => this.register(nested, groups, 'parameters');
    return capToParameterBound(dtoSchema(dto, groups, nestedRef, false), bounds);
  }

  /** Every component schema registered so far, by name. */
  components(): Record<string, SchemaObject> {
    return this.schemas;
  }

  private register(dto: Function, groups: readonly string[], usage: SchemaUsage): string {
    const key = `${usage}:${groups.join(',')}`;
    const known = this.names.get(dto)?.get(key);
    if (known !== undefined) return `#/components/schemas/${known}`;

    const name = this.freeName(dto, groups, usage);
    const byKey = this.names.get(dto) ?? new Map<string, string>();
    byKey.set(key, name);
    this.names.set(dto, byKey);
    // Reserved before converting, so a DTO that nests itself refers to its own component.
    this.schemas[name] = {};
    const nestedRef = (nested: Function): string => this.register(nested, groups, usage);
    this.schemas[name] =
      usage === 'response'
        ? responseSchema(dto, groups, nestedRef)
        : usage === 'body'
          ? capToPayloadBounds(dtoSchema(dto, groups, nestedRef, true), this.bounds)
          : capToParameterBound(dtoSchema(dto, groups, nestedRef, false), {
              maxLength: PARAMETER_MAX_LENGTH,
            });
    return `#/components/schemas/${name}`;
  }

  private freeName(dto: Function, groups: readonly string[], usage: SchemaUsage): string {
    const base = (dto.name === '' ? 'Anonymous' : dto.name).replace(/[^A-Za-z0-9._-]/g, '_');
    const groupSuffix = groups.length > 0 ? `_${groups.join('_')}` : '';
    const candidate = `${base}${groupSuffix}${USAGE_SUFFIX[usage]}`.replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
    let name = candidate;
    for (let n = 2; Object.hasOwn(this.schemas, name); n += 1) name = `${candidate}_${n}`;
    return name;
  }
}
