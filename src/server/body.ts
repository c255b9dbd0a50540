/** Reading bodies with a byte limit, without buffering more than the limit. */

/** Thrown by {@link readLimitedText} when the body exceeds the limit. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/** Thrown by {@link readLimitedText} when the bytes are not UTF-8. */
export class BodyEncodingError extends Error {
  override readonly name = 'BodyEncodingError';
}

/**
 * Reads a body stream as UTF-8 text, counting bytes as they arrive: past `maxBytes` it cancels the stream
 * and throws {@link BodyTooLargeError}, so a chunked body without `Content-Length` is cut off early. When
 * `signal` aborts, the stream is cancelled through the reader (which holds the lock, so nobody else could)
 * and the abort reason is thrown. A stream error is rethrown as is; invalid UTF-8 throws
 * {@link BodyEncodingError}.
 */
export async function readLimitedText(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  signal?: AbortSignal,
): Promise<string> {
  if (stream === null) return '';
  const reader = stream.getReader();
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      // A cancelled read ends as `done`: that is an abort, not the end of the body.
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        reader.cancel().catch(() => {});
        throw new BodyTooLargeError(`The body is larger than ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    throw new BodyEncodingError('The body is not valid UTF-8.', { cause: error });
  }
}

/**
 * The declared `Content-Length`: a number, `undefined` when absent, or `NaN` when malformed (several
 * differing values, not digits).
 */
export function declaredLength(headers: Headers): number | undefined {
  const raw = headers.get('content-length');
  if (raw === null) return undefined;
  const values = new Set(raw.split(',').map((part) => part.trim()));
  if (values.size !== 1) return Number.NaN;
  const [value] = values;
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
}
