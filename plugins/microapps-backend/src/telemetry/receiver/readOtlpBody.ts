import type { Request } from 'express';
import { createGunzip, createInflate } from 'zlib';
import type { Transform } from 'stream';

/** Why a body could not be read; `status` is the HTTP answer. */
export class OtlpBodyError extends Error {
  constructor(readonly status: 400 | 408 | 413 | 415, message: string) {
    super(message);
  }
}

/** Limits on one request body. */
export interface OtlpBodyLimits {
  /** Most bytes after decompression. */
  maxBytes: number;
  /**
   * Most bytes after decompression per byte received, past the first MiB:
   * OTLP compresses 5 to 20 times; a bomb compresses thousands of times.
   */
  maxCompressionRatio: number;
  /** The whole body must arrive within this many milliseconds (slow uploads hold a slot). */
  timeoutMs: number;
}

/** Decompressed bytes always allowed, whatever the ratio. */
const RATIO_FREE_BYTES = 1024 * 1024;

/**
 * Reads the request body, decompressing `gzip` (or `deflate`) on the fly.
 * The limits apply while reading: a compressed bomb is stopped as soon as it
 * grows past `maxBytes` or past the compression ratio, without buffering the
 * rest; an upload that takes longer than `timeoutMs` is cut off (408).
 */
export async function readOtlpBody(
  req: Request,
  limits: OtlpBodyLimits,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) {
    throw new OtlpBodyError(
      413,
      `The body is ${declared} bytes; the limit is ${limits.maxBytes} bytes`,
    );
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  return collectBody(req, encoding, decompressorFor(encoding), limits);
}

/** The stream that undoes the body's Content-Encoding, if it has one. */
function decompressorFor(encoding: string): Transform | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'deflate') return createInflate();
  if (encoding === 'identity' || encoding === '') return undefined;
  throw new OtlpBodyError(
    415,
    `Content-Encoding "${encoding.slice(
      0,
      40,
    )}" is not supported; use gzip, deflate or none`,
  );
}

/** Why a body that has grown to `size` bytes from `received` bytes on the wire must stop, if it must. */
function overLimit(
  size: number,
  received: number,
  compressed: boolean,
  { maxBytes, maxCompressionRatio }: OtlpBodyLimits,
): OtlpBodyError | undefined {
  if (
    compressed &&
    size > RATIO_FREE_BYTES &&
    size > received * maxCompressionRatio
  ) {
    return new OtlpBodyError(
      413,
      `The body decompresses to more than ${maxCompressionRatio} times its size; OTLP does not compress like that`,
    );
  }
  if (size > maxBytes) {
    return new OtlpBodyError(
      413,
      compressed
        ? `The decompressed body exceeds the limit of ${maxBytes} bytes`
        : `The body exceeds the limit of ${maxBytes} bytes`,
    );
  }
  return undefined;
}

function collectBody(
  req: Request,
  encoding: string,
  decompressor: Transform | undefined,
  limits: OtlpBodyLimits,
): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let received = 0;
    let done = false;
    const timer: { deadline?: NodeJS.Timeout } = {};
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer.deadline);
      if (error) {
        req.unpipe();
        decompressor?.destroy();
        // Stop reading what is left of an oversized or broken upload.
        req.resume();
        reject(error);
      } else {
        resolve(Buffer.concat(chunks, size));
      }
    };
    const seconds = Math.round(limits.timeoutMs / 1000);
    timer.deadline = setTimeout(
      () =>
        finish(
          new OtlpBodyError(408, `The body did not arrive within ${seconds} s`),
        ),
      limits.timeoutMs,
    );
    if (decompressor) {
      req.on('data', (chunk: Buffer) => {
        received += chunk.length;
      });
    }
    const source = decompressor ? req.pipe(decompressor) : req;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      const stop = overLimit(size, received, !!decompressor, limits);
      if (stop) finish(stop);
      else if (!done) chunks.push(chunk);
    });
    source.on('end', () => finish());
    source.on('error', (error: Error) =>
      finish(
        new OtlpBodyError(
          400,
          `The ${encoding} body cannot be decompressed: ${error.message}`,
        ),
      ),
    );
    req.on('error', (error: Error) =>
      finish(
        new OtlpBodyError(400, `The body could not be read: ${error.message}`),
      ),
    );
    req.on('aborted', () =>
      finish(new OtlpBodyError(400, 'The client aborted the upload')),
    );
  });
}
