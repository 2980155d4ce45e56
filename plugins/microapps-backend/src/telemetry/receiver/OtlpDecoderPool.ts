import { Worker } from 'worker_threads';
import type { DecodedTraces } from './decodeOtlp';
import {
  decodeBody,
  DECODE_WORKER_FILE,
  DECODE_WORKER_MARK,
  type DecodeJob,
  type DecodeReply,
  type OtlpFormat,
} from './decodeWorker';

/** The body cannot be decoded: the client's fault, answered 400. */
export class OtlpInputError extends Error {}

/** No decoder could finish the job (a worker died or took too long): answered 503. */
export class OtlpDecoderUnavailableError extends Error {}

export interface OtlpDecoder {
  /** Decodes a body; the caller gives the body up (a worker pool may move its memory). */
  decode(format: OtlpFormat, body: Buffer): Promise<DecodedTraces>;
  close(): Promise<void>;
}

/** Decodes in the calling thread: for tests, and `decodeWorkers: 0`. */
export const inlineOtlpDecoder: OtlpDecoder = {
  async decode(format, body) {
    try {
      return decodeBody(format, body);
    } catch (error) {
      throw new OtlpInputError((error as Error).message);
    }
  },
  async close() {},
};

/**
 * The body's memory, to move to the worker instead of copying it, when the
 * body is all of it (a body read from a request is; a small Buffer may share
 * Node's pool with others and is copied).
 */
function ownMemory(body: Uint8Array): ArrayBuffer[] {
  const memory = body.buffer;
  return memory instanceof ArrayBuffer &&
    body.byteOffset === 0 &&
    body.byteLength === memory.byteLength
    ? [memory]
    : [];
}

const shutDown = () =>
  new OtlpDecoderUnavailableError('The OTLP decoder is shut down');

interface Pending {
  job: DecodeJob;
  resolve: (decoded: DecodedTraces) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker?: Worker;
  /** The worker has loaded the decoder and takes jobs. */
  ready?: boolean;
  busy?: { pending: Pending; timer: NodeJS.Timeout };
}

/**
 * Worker threads that decode OTLP bodies, so that JSON.parse and protobuf
 * decoding of a large or deeply nested body (seconds for 4 MiB of nested
 * brackets) never stall the event loop. Jobs wait in order for a free worker;
 * the receiver's concurrency limit bounds how many wait. Workers start on
 * first use; one that dies, or takes longer than `timeoutMs` over a body, fails
 * its job and is replaced.
 */
export class OtlpDecoderPool implements OtlpDecoder {
  private readonly slots: Slot[];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly options: { workers: number; timeoutMs?: number },
  ) {
    this.slots = Array.from(
      { length: Math.max(1, options.workers) },
      () => ({}),
    );
  }

  decode(format: OtlpFormat, body: Buffer): Promise<DecodedTraces> {
    if (this.closed) return Promise.reject(shutDown());
    return new Promise((resolve, reject) => {
      this.queue.push({
        job: { id: this.nextId++, format, body },
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(shutDown());
    await Promise.all(
      this.slots.map(async slot => {
        const worker = slot.worker;
        slot.worker = undefined;
        if (slot.busy) {
          clearTimeout(slot.busy.timer);
          slot.busy.pending.reject(shutDown());
          slot.busy = undefined;
        }
        await worker?.terminate();
      }),
    );
  }

  private dispatch() {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.worker) this.start(slot);
      if (!slot.ready || slot.busy) continue;
      const pending = this.queue.shift()!;
      slot.busy = {
        pending,
        timer: setTimeout(
          () => this.fail(slot, 'took too long to decode the body'),
          this.options.timeoutMs ?? 30_000,
        ),
      };
      slot.worker!.postMessage(pending.job, ownMemory(pending.job.body));
    }
  }

  private start(slot: Slot) {
    const worker = new Worker(DECODE_WORKER_FILE, {
      workerData: DECODE_WORKER_MARK,
      execArgv: workerExecArgv(),
    });
    // Never the reason the process stays up.
    worker.unref();
    worker.on('message', (reply: DecodeReply | 'ready') => {
      if (reply === 'ready') {
        slot.ready = true;
        this.dispatch();
        return;
      }
      const busy = slot.busy;
      if (!busy || busy.pending.job.id !== reply.id) return;
      clearTimeout(busy.timer);
      slot.busy = undefined;
      if ('error' in reply)
        busy.pending.reject(new OtlpInputError(reply.error));
      else busy.pending.resolve(reply.decoded);
      this.dispatch();
    });
    worker.on('error', error =>
      this.fail(slot, String((error as Error)?.message ?? error), worker),
    );
    worker.on('exit', code =>
      this.fail(slot, `stopped (exit code ${code})`, worker),
    );
    slot.worker = worker;
    slot.ready = false;
  }

  /**
   * Drops the slot's worker and fails its job; a worker that could not even
   * start fails the first job waiting, so that no caller waits for ever. The
   * next job starts a new worker.
   */
  private fail(slot: Slot, reason: string, worker = slot.worker) {
    if (!worker || slot.worker !== worker) return;
    const started = slot.ready;
    slot.worker = undefined;
    slot.ready = false;
    worker.removeAllListeners();
    worker.terminate().catch(() => {});
    const busy = slot.busy;
    slot.busy = undefined;
    if (busy) clearTimeout(busy.timer);
    const failed = busy?.pending ?? (started ? undefined : this.queue.shift());
    failed?.reject(
      new OtlpDecoderUnavailableError(`The OTLP decoder ${reason}`),
    );
    if (!this.closed) this.dispatch();
  }
}

/**
 * Node options for the worker: the process's own (inherited), except when
 * running from TypeScript sources (development, tests) without the Backstage
 * CLI's transform, which a test runner applies to its own thread only.
 */
function workerExecArgv(): string[] | undefined {
  if (!DECODE_WORKER_FILE.endsWith('.ts')) return undefined;
  if (process.execArgv.some(arg => arg.includes('nodeTransform')))
    return undefined;
  return [
    '--require',
    require.resolve('@backstage/cli/config/nodeTransform.cjs'),
  ];
}
