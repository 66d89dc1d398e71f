import { createRequire } from 'node:module';
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';

// class-transformer keeps its metadata storage under a deep path with no typings beside it; the
// app's decorators write to this one instance, so it is loaded once here and typed by hand.
const load = createRequire(__filename);

/** class-transformer's metadata (`@Type`, `@Expose`, `@Exclude`) as the app's DTOs recorded it. */
export const transformerStorage = (
  load('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage }
).defaultMetadataStorage;
