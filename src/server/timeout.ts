/** Thrown by {@link withTimeout} when the time is up. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
}

/**
 * Settles like `promise`, or rejects with a {@link TimeoutError} after `ms` (the timer is cleared either
 * way, so nothing keeps the process alive). `controller`, when given, is aborted on timeout.
 */
export function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  message: string,
  controller?: AbortController,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      controller?.abort();
      reject(new TimeoutError(message));
    }, ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
