/**
 * Wraps a dynamic import so it runs once and is shared; a failed load is forgotten, so the next call
 * retries (a flaky network must not poison the page). Pass the `import()` itself, so bundlers still see a
 * literal specifier and split the chunk.
 * @internal
 */
export function lazyImport<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
