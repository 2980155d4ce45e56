/**
 * The micro-app's HTTP server: `POST /summarize` and `GET /health`.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { SummarizeHandler } from './summarize';

/** Request bodies above this size are refused with 413. @public */
export const MAX_BODY_BYTES = 1024 * 1024;

class BodyTooLargeError extends Error {}

/**
 * Creates (but does not start) the server. A W3C `traceparent` header on
 * `POST /summarize` makes the request's span a child of the caller's.
 *
 * @public
 */
export function createDemoServer(summarize: SummarizeHandler): Server {
  return createServer((req, res) => {
    route(req, res, summarize).catch(error => {
      if (error instanceof BodyTooLargeError) {
        sendJson(res, 413, {
          error: {
            name: 'PayloadTooLarge',
            message: `The body exceeds ${MAX_BODY_BYTES} bytes.`,
          },
        });
      } else if (!res.headersSent) {
        sendJson(res, 500, {
          error: { name: 'Error', message: 'Internal error.' },
        });
      }
    });
  });
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  summarize: SummarizeHandler,
) {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  if (pathname === '/health') {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return methodNotAllowed(res, 'GET, HEAD');
    return sendJson(res, 200, { status: 'ok' });
  }
  if (pathname === '/summarize') {
    if (req.method !== 'POST') return methodNotAllowed(res, 'POST');
    const body = await readBody(req);
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const result = await summarize(body, parent);
    return sendJson(res, result.status, result.body);
  }
  return sendJson(res, 404, {
    error: { name: 'NotFoundError', message: `No route ${pathname}.` },
  });
}

function methodNotAllowed(res: ServerResponse, allow: string) {
  res.setHeader('Allow', allow);
  sendJson(res, 405, {
    error: { name: 'MethodNotAllowed', message: `Use ${allow}.` },
  });
}

/** Reads the body; past the limit it keeps reading but stops keeping, so that the 413 reaches the client. */
async function readBody(req: IncomingMessage): Promise<string> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) {
    req.resume();
    throw new BodyTooLargeError();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown) {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
  });
  res.end(json);
}
