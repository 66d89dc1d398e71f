/**
 * Wraps the loading of a dependency that only an opt-in feature needs, so the module is read the
 * first time the feature is used and never in an app that does not use it.
 *
 * The HTML sanitizers (sanitize-html, with postcss), the request log (pino), the metrics
 * (prom-client) and the CSRF check (csrf-csrf) are each optional; loaded at start-up they held
 * about 4 MB of resident memory in every app, measured with none of them in use. The callers
 * use `require` rather than `import()` because the features are synchronous: a decorator, a
 * constructor, a start-up check.
 *
 * @param load - Loads the module; called once, on first use.
 * @returns A function answering the loaded module.
 */
export function loadOnFirstUse<T>(load: () => T): () => T {
  let loaded: { readonly value: T } | null = null;
  return () => {
    loaded ??= { value: load() };
    return loaded.value;
  };
}
