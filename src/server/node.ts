import { rememberClientAddress } from './clientAddress.ts';
import type { WebCallHandler } from './handler.ts';
import { createWebCallHandler } from './handler.ts';
import type { CreateWebCallHandlerOptions } from './options.ts';

/**
 * The parts of Node's `IncomingMessage` (or Express's `Request`) the adapter uses. Declared structurally so
 * the package needs no `@types/node`.
 *
 * @example
 * ```ts
 * // Node's IncomingMessage and Express's Request both fit:
 * createServer((req, res) => {
 *   const request: NodeRequestLike = req;
 *   void handle(request, res);
 * });
 * ```
 */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** `true` once the whole body arrived. */
  complete?: boolean;
  /** `true` when something (e.g. `express.json()`) already consumed the body stream. */
  readableEnded?: boolean;
  /** A body parsed by middleware such as `express.json()`; used only when the stream was consumed. */
  body?: unknown;
  /**
   * Its `encrypted` flag (TLS) picks `https` for the request URL; its `remoteAddress` is the default
   * `rateLimit` key.
   */
  socket?: unknown;
  on(event: string, listener: (...args: never[]) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/**
 * The parts of Node's `ServerResponse` (or Express's `Response`) the adapter uses.
 *
 * @example
 * ```ts
 * // Node's ServerResponse and Express's Response both fit:
 * app.all('/api/create-web-call', (req, res) => {
 *   const response: NodeResponseLike = res;
 *   void handle(req, response);
 * });
 * ```
 */
export interface NodeResponseLike {
  statusCode: number;
  headersSent?: boolean;
  setHeader(name: string, value: string | string[]): unknown;
  end(chunk?: Uint8Array | string): unknown;
}

/**
 * A Node `http` / Express handler: `(req, res) => Promise<void>`; it always answers and never rejects.
 *
 * @example
 * ```ts
 * const handle: NodeWebCallHandler = toNodeHandler(createWebCallHandler({ agentId: 'agent_123' }));
 * createServer((req, res) => void handle(req, res)).listen(3000);
 * ```
 */
export type NodeWebCallHandler = (req: NodeRequestLike, res: NodeResponseLike) => Promise<void>;

const encoder = new TextEncoder();
const FORBIDDEN_FETCH_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The request body as a web stream with backpressure; cancelling it discards the rest of the upload. */
function bodyStream(req: NodeRequestLike): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        let ended = false;
        const onData = (chunk: Uint8Array | string) => {
          controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : new Uint8Array(chunk));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        };
        const onEnd = () => {
          ended = true;
          cleanup();
          controller.close();
        };
        const onError = (error: unknown) => {
          cleanup();
          controller.error(error);
        };
        const onClose = () => {
          if (!ended) onError(new Error('The request was aborted before its body was complete.'));
        };
        cleanup = () => {
          req.removeListener('data', onData);
          req.removeListener('end', onEnd);
          req.removeListener('error', onError);
          req.removeListener('close', onClose);
        };
        req.on('data', onData);
        req.on('end', onEnd);
        req.on('error', onError);
        req.on('close', onClose);
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        cleanup();
        // Discard whatever is still being uploaded; the answer closes the connection.
        req.resume();
      },
    },
    { highWaterMark: 4 },
  );
}

function preparsedBody(body: unknown): string | Uint8Array | undefined {
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body === undefined) return undefined;
  try {
    return JSON.stringify(body);
  } catch {
    return undefined;
  }
}

function toRequest(req: NodeRequestLike, method: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      try {
        headers.append(name, item);
      } catch {
        // Skip header values the Fetch API refuses.
      }
    }
  }
  const protocol =
    (req.socket as { encrypted?: unknown } | null | undefined)?.encrypted === true ? 'https' : 'http';
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `${protocol}://${first(req.headers.host) ?? 'localhost'}`);
  } catch {
    url = new URL(`${protocol}://localhost/`);
  }
  const init: RequestInit & { duplex?: 'half' } = { method, headers };
  if (method !== 'GET' && method !== 'HEAD') {
    if (req.readableEnded === true) {
      // Middleware already read the stream (express.json()): use what it parsed, re-checked like any body.
      const body = preparsedBody(req.body);
      headers.delete('content-length');
      headers.delete('transfer-encoding');
      if (body !== undefined) init.body = body as BodyInit;
    } else {
      init.body = bodyStream(req);
      init.duplex = 'half';
    }
  }
  const request = new Request(url, init);
  const address = (req.socket as { remoteAddress?: unknown } | null | undefined)?.remoteAddress;
  if (typeof address === 'string') rememberClientAddress(request, address);
  return request;
}

async function send(res: NodeResponseLike, response: Response, closeConnection: boolean): Promise<void> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  res.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(bytes);
}

const FALLBACK = JSON.stringify({ status: 'error', message: 'Internal server error.' });

/**
 * Adapts a Fetch-standard handler to Node's `http` / Express `(req, res)`. The body is streamed (so the
 * size limit applies while it arrives); if middleware such as `express.json()` already consumed it, the
 * parsed `req.body` is re-serialized and checked like any body. When the answer comes before the upload
 * finished (413), the connection is closed after the answer. The socket's address is passed along as the
 * default `rateLimit` key (behind a reverse proxy that is the proxy's address: set `rateLimit.key` with
 * `clientIp` then).
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { createWebCallHandler, toNodeHandler } from 'retell-web-call-react/server';
 *
 * const app = express();
 * // Mount before express.json(), for POST and OPTIONS (preflight):
 * app.all('/api/create-web-call', toNodeHandler(createWebCallHandler({ agentId: 'agent_123' })));
 * ```
 */
export function toNodeHandler(handler: WebCallHandler): NodeWebCallHandler {
  return async function nodeWebCallHandler(req, res) {
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      // CONNECT/TRACE/TRACK cannot be Fetch requests; answered as any other wrong method (405).
      const response = await handler(toRequest(req, FORBIDDEN_FETCH_METHODS.has(method) ? 'GET' : method));
      await send(res, response, req.complete === false && req.readableEnded !== true);
    } catch {
      if (res.headersSent) return;
      try {
        res.statusCode = 500;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.end(FALLBACK);
      } catch {
        // The connection is gone.
      }
    }
  };
}

/**
 * `createWebCallHandler` + `toNodeHandler` in one call, for Node's `http` and Express.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { createNodeWebCallHandler } from 'retell-web-call-react/server';
 *
 * const handle = createNodeWebCallHandler({ agentId: 'agent_123', allowedOrigins: ['https://app.example.com'] });
 * createServer((req, res) => {
 *   if (req.url === '/api/create-web-call') void handle(req, res);
 *   else res.writeHead(404).end();
 * }).listen(3000);
 * ```
 */
export function createNodeWebCallHandler(options?: CreateWebCallHandlerOptions): NodeWebCallHandler {
  return toNodeHandler(createWebCallHandler(options));
}
