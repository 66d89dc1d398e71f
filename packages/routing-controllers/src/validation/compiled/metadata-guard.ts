import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { transformerMetadataSize } from './transformer-metadata';

/**
 * Notices when validation or transformation metadata that a compiled validator was built from
 * may have changed since, so the validator is compiled again before it is trusted.
 *
 * Decorators run when a class is defined, before any route is compiled; metadata can still be
 * added later by calling a decorator or `registerDecorator` by hand. class-validator appends to
 * one array per class and adds a map entry for a class it had none for, and class-transformer
 * keeps one map per decorator kind, so comparing those lengths and sizes catches every addition
 * at the cost of a few integer comparisons per request.
 */
export class MetadataGuard {
  private readonly byTarget: Map<Function, ValidationMetadata[]>;
  private readonly arrays: ValidationMetadata[][];
  private readonly lengths: number[];
  private readonly targets: number;
  private readonly transformerSize: number;

  private constructor(byTarget: Map<Function, ValidationMetadata[]>, chain: readonly Function[]) {
    this.byTarget = byTarget;
    this.arrays = chain.flatMap((target) => {
      const array = byTarget.get(target);
      return array === undefined ? [] : [array];
    });
    this.lengths = this.arrays.map((array) => array.length);
    this.targets = byTarget.size;
    this.transformerSize = transformerMetadataSize() ?? -1;
  }

  /**
   * Takes the guard of a DTO and its ancestors.
   *
   * @param dto - The DTO class.
   * @returns The guard, or `null` when class-validator or class-transformer keep their metadata
   *   in a shape this code does not know (then nothing is compiled).
   */
  static of(dto: Function): MetadataGuard | null {
    const byTarget = (getMetadataStorage() as unknown as { validationMetadatas?: unknown })
      .validationMetadatas;
    if (!(byTarget instanceof Map) || transformerMetadataSize() === null) return null;
    const chain: Function[] = [];
    for (let c: unknown = dto; typeof c === 'function' && c !== Function.prototype;) {
      chain.push(c as Function);
      c = Object.getPrototypeOf(c);
    }
    return new MetadataGuard(byTarget as Map<Function, ValidationMetadata[]>, chain);
  }

  /** `true` while no metadata was added since the guard was taken. */
  isCurrent(): boolean {
    if (this.byTarget.size !== this.targets) return false;
    for (let i = 0; i < this.arrays.length; i += 1) {
      if ((this.arrays[i] as ValidationMetadata[]).length !== this.lengths[i]) return false;
    }
    return transformerMetadataSize() === this.transformerSize;
  }
}
