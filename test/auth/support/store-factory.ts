/** Creates a fresh, empty store for each test and disposes of it afterwards. */
export type StoreFactory<S> = () => Promise<{ store: S; dispose: () => Promise<void> }>;

/**
 * Registers hooks that give every test of the enclosing suite a fresh store.
 *
 * @param factory - Makes an empty store.
 * @returns A getter for the current test's store.
 */
export function freshStore<S>(factory: StoreFactory<S>): () => S {
  let store: S | undefined;
  let dispose: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ store, dispose } = await factory());
  });
  afterEach(async () => {
    await dispose?.();
  });
  return () => store as S;
}
