import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake Retell API on 127.0.0.1 (ephemeral port) implementing `POST /v2/create-web-call` as the OpenAPI spec
 * describes: bearer key check, body check, 201 with a V2WebCallResponse. It can be told to answer an error
 * status, to stall, to drop the connection or to send any raw body.
 */
export type FakeRetellMode =
  | { kind: 'normal' }
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: string; headers?: Record<string, string> }
  | { kind: 'stall' }
  | { kind: 'stallBody' }
  | { kind: 'drop' }
  | { kind: 'dropMidBody' }
  | { kind: 'redirect'; location: string; status?: number };

export interface RecordedRequest {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  text: string;
  body: unknown;
}

export interface FakeRetell {
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  readonly agents: Map<string, string>;
  mode: FakeRetellMode;
  reset(): void;
  close(): Promise<void>;
}

const REQUEST_KEYS = new Set([
  'agent_id',
  'agent_version',
  'agent_override',
  'metadata',
  'retell_llm_dynamic_variables',
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function specProblem(body: unknown): string | undefined {
  if (!isObject(body)) return 'body must be an object';
  for (const key of Object.keys(body)) if (!REQUEST_KEYS.has(key)) return `unknown field ${key}`;
  if (typeof body.agent_id !== 'string') return 'agent_id is required';
  if (body.agent_version !== undefined && !Number.isInteger(body.agent_version)) {
    return 'agent_version must be an integer';
  }
  for (const key of ['metadata', 'retell_llm_dynamic_variables', 'agent_override']) {
    if (body[key] !== undefined && !isObject(body[key])) return `${key} must be an object`;
  }
  return undefined;
}

export async function startFakeRetell(apiKey: string): Promise<FakeRetell> {
  const sockets = new Set<Socket>();
  const requests: RecordedRequest[] = [];
  const agents = new Map<string, string>([
    ['agent_fixed', 'Fixed agent'],
    ['agent_a', 'Agent A'],
    ['agent_b', 'Agent B'],
  ]);
  const state: { mode: FakeRetellMode } = { mode: { kind: 'normal' } };

  const handle = (req: IncomingMessage, res: ServerResponse, text: string) => {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      authorization: req.headers.authorization,
      contentType: req.headers['content-type'],
      text,
      body,
    });
    const mode = state.mode;
    switch (mode.kind) {
      case 'stall':
        return; // never answers
      case 'stallBody':
        res.writeHead(201, { 'content-type': 'application/json' });
        res.write('{"call_type":"web_call",');
        return; // headers sent, body never finishes
      case 'drop':
        req.socket.destroy();
        return;
      case 'dropMidBody':
        res.writeHead(201, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"call_type":"web_call",');
        setTimeout(() => req.socket.destroy(), 10);
        return;
      case 'redirect':
        res.writeHead(mode.status ?? 307, { location: mode.location });
        res.end();
        return;
      case 'raw':
        res.writeHead(mode.status, { 'content-type': 'application/json', ...mode.headers });
        res.end(mode.body);
        return;
      case 'status':
        sendJson(
          res,
          mode.status,
          { status: 'error', message: mode.message ?? `Fake Retell error ${mode.status}` },
          mode.headers,
        );
        return;
      case 'normal':
        break;
    }
    if (req.method !== 'POST' || req.url !== '/v2/create-web-call') {
      sendJson(res, 404, { status: 'error', message: 'Not found' });
      return;
    }
    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      sendJson(res, 401, { status: 'error', message: 'API key is missing or invalid.' });
      return;
    }
    if (!req.headers['content-type']?.startsWith('application/json')) {
      sendJson(res, 400, { status: 'error', message: 'Invalid request format, please check API reference.' });
      return;
    }
    const problem = specProblem(body);
    if (problem !== undefined || !isObject(body)) {
      sendJson(res, 400, { status: 'error', message: `Invalid request format: ${problem}` });
      return;
    }
    const agentId = body.agent_id as string;
    if (!agents.has(agentId)) {
      sendJson(res, 422, { status: 'error', message: 'Cannot find requested asset under given api key.' });
      return;
    }
    sendJson(res, 201, {
      call_type: 'web_call',
      access_token: `eyJ${randomBytes(12).toString('hex')}`,
      call_id: `call_${randomBytes(8).toString('hex')}`,
      agent_id: agentId,
      agent_name: agents.get(agentId),
      agent_version: (body.agent_version as number | undefined) ?? 1,
      call_status: 'registered',
      metadata: body.metadata ?? {},
      retell_llm_dynamic_variables: body.retell_llm_dynamic_variables ?? {},
    });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    agents,
    get mode() {
      return state.mode;
    },
    set mode(mode: FakeRetellMode) {
      state.mode = mode;
    },
    reset() {
      requests.length = 0;
      state.mode = { kind: 'normal' };
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
