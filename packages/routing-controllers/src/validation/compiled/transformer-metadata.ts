import { createRequire } from 'node:module';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { TransformationType } from 'class-transformer';

// class-transformer keeps its metadata storage under a deep path with no typings beside it; the
// app's decorators write to this one instance, so it is loaded once here and typed by hand.
const load = createRequire(__filename);
const storage = (
  load('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage }
).defaultMetadataStorage;

/** The private maps of class-transformer's storage, one per decorator kind. */
const MAP_NAMES = [
  '_typeMetadatas',
  '_transformMetadatas',
  '_exposeMetadatas',
  '_excludeMetadatas',
] as const;

/**
 * Whether class-transformer would do anything for this DTO beyond copying plain values:
 * `@Type`, `@Transform` (every sanitizer decorator), `@Expose`, `@Exclude` on the class or any of
 * the named properties, inherited ones included. Any of them sends the DTO down the
 * class-transformer path.
 *
 * @param dto - The DTO class.
 * @param properties - The DTO's validated property names.
 * @returns `true` when some class-transformer metadata applies.
 */
export function hasTransformerMetadata(dto: Function, properties: readonly string[]): boolean {
  if (storage.getStrategy(dto) !== 'none') return true;
  if (storage.getExposedMetadatas(dto).length > 0) return true;
  if (storage.getExcludedMetadatas(dto).length > 0) return true;
  return properties.some(
    (name) =>
      storage.findTypeMetadata(dto, name) !== undefined ||
      storage.findTransformMetadatas(dto, name, TransformationType.PLAIN_TO_CLASS).length > 0,
  );
}

/**
 * A number that changes whenever class-transformer records metadata for a class it had none
 * for: the sum of the sizes of its per-class maps. `null` when the storage does not look as
 * expected (another class-transformer version), in which case nothing is compiled.
 *
 * @returns The size, or `null`.
 */
export function transformerMetadataSize(): number | null {
  let total = 0;
  for (const name of MAP_NAMES) {
    const map = (storage as unknown as Record<string, unknown>)[name];
    if (!(map instanceof Map)) return null;
    total += map.size;
  }
  return total;
}
