import type { OpenApiOptions, OpenApiSource } from '@bulwark/openapi';
import type { ProbeTarget } from './probe-target';
import { targetFromOpenApi } from './target-from-openapi';

/** Options when the app's config gives none: a title and version are all the generator needs. */
const MINIMAL: OpenApiOptions = Object.freeze({ info: { title: 'app', version: '0.0.0' } });

/**
 * Builds the probe's target from an app's compiled policies: what `useBulwark` returned goes
 * through the same generator as `bulwark openapi`, whose `x-bulwark-…` members carry every
 * policy fact the checks need, so a document and a live app are read the same way.
 *
 * @param app - The compiled policies and settings (`useBulwark`'s return value).
 * @param options - The app's OpenAPI options, if it has any.
 * @returns The target.
 * @throws BulwarkError `ERR_OPENAPI_INVALID` when the policies cannot be described.
 */
export async function targetFromPolicies(
  app: OpenApiSource,
  options: object = MINIMAL,
): Promise<ProbeTarget> {
  // Loaded on demand, so the CLI's other commands start without the generator.
  const { generateOpenApi } = await import('@bulwark/openapi');
  return targetFromOpenApi(generateOpenApi(app, options as OpenApiOptions));
}
