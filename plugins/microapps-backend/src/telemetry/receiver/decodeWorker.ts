/*
 * The OTLP decoding worker. Loaded twice: by the decoder pool, in the main
 * thread, only for its file name; and as a worker thread, where it decodes
 * the bodies it is sent, so that a large or hostile body never holds the
 * event loop that answers every other route.
 */
import { isMainThread, parentPort, workerData } from 'worker_threads';
import type { DecodedTraces } from './decodeOtlp';
import { decodeOtlpJson } from './decodeOtlpJson';
import { decodeOtlpProtobuf } from './decodeOtlpProtobuf';

/** This module's own file: the worker's script. */
export const DECODE_WORKER_FILE = __filename;
/** Passed as `workerData`, so that only a worker started by the pool serves. */
export const DECODE_WORKER_MARK = 'trellis-otlp-decoder';

export type OtlpFormat = 'json' | 'protobuf';

export interface DecodeJob {
  id: number;
  format: OtlpFormat;
  body: Uint8Array;
}

/** A job's answer; a worker also says `'ready'` once, when it has loaded. */
export type DecodeReply =
  | { id: number; decoded: DecodedTraces }
  | { id: number; error: string };

/** Decodes one body; an error is the input's fault, and its message says why. */
export function decodeBody(format: OtlpFormat, body: Buffer): DecodedTraces {
  return format === 'json' ? decodeOtlpJson(body) : decodeOtlpProtobuf(body);
}

if (!isMainThread && workerData === DECODE_WORKER_MARK && parentPort) {
  const port = parentPort;
  port.on('message', (job: DecodeJob) => {
    let reply: DecodeReply;
    try {
      const body = Buffer.from(
        job.body.buffer,
        job.body.byteOffset,
        job.body.byteLength,
      );
      reply = { id: job.id, decoded: decodeBody(job.format, body) };
    } catch (error) {
      reply = { id: job.id, error: String((error as Error)?.message ?? error) };
    }
    port.postMessage(reply);
  });
  port.postMessage('ready');
}
