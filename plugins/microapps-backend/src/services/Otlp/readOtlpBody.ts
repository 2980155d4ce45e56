import type { Request } from 'express';
import { createGunzip, createInflate } from 'zlib';
import type { Transform } from 'stream';

/** Why a body could not be read; `status` is the HTTP answer. */
export class OtlpBodyError extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    super(message);
  }
}

/**
 * Reads the request body, decompressing `gzip` (or `deflate`) on the fly.
 * The limit applies to the decompressed bytes, so a small compressed bomb is
 * stopped as soon as it grows past `maxBytes`, without buffering the rest.
 */
export async function readOtlpBody(
  req: Request,
  maxBytes: number,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new OtlpBodyError(
      413,
      `The body is ${declared} bytes; the limit is ${maxBytes} bytes`,
    );
  }
  const encoding = String(req.headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  let decompressor: Transform | undefined;
  if (encoding === 'gzip' || encoding === 'x-gzip')
    decompressor = createGunzip();
  else if (encoding === 'deflate') decompressor = createInflate();
  else if (encoding !== 'identity' && encoding !== '') {
    throw new OtlpBodyError(
      415,
      `Content-Encoding "${encoding.slice(
        0,
        40,
      )}" is not supported; use gzip, deflate or none`,
    );
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
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
    const source = decompressor ? req.pipe(decompressor) : req;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        finish(
          new OtlpBodyError(
            413,
            decompressor
              ? `The decompressed body exceeds the limit of ${maxBytes} bytes`
              : `The body exceeds the limit of ${maxBytes} bytes`,
          ),
        );
        return;
      }
      if (!done) chunks.push(chunk);
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
