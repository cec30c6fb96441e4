import type { Readable } from 'node:stream';

/**
 * Up to `n` objects from an object-mode stream, or null at its end. Reading in batches (not row by row) keeps the
 * per-row cost of timers and promises out of a million-row export.
 */
export function readBatch<T>(stream: Readable, n: number): Promise<T[] | null> {
  return new Promise((resolve, reject) => {
    const out: T[] = [];
    const cleanup = () => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onEnd = () => {
      cleanup();
      resolve(out.length > 0 ? out : null);
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    function onReadable() {
      let item: T | null;
      while (out.length < n && (item = stream.read() as T | null) !== null) out.push(item);
      if (out.length >= n) {
        cleanup();
        resolve(out);
      }
    }
    if (stream.readableEnded) return resolve(null);
    stream.on('readable', onReadable);
    stream.once('end', onEnd);
    stream.once('error', onError);
    onReadable();
  });
}
