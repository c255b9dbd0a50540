import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A fake captcha siteverify endpoint on 127.0.0.1: records each form-encoded POST and answers with the
 * JSON it is told to (each provider's real answer shape is built by the tests), an HTTP status, or never.
 */
export interface FakeSiteverify {
  readonly url: string;
  readonly requests: { contentType: string | undefined; form: URLSearchParams }[];
  answer: { kind: 'json'; body: unknown; status?: number } | { kind: 'stall' };
  close(): Promise<void>;
}

export async function startFakeSiteverify(): Promise<FakeSiteverify> {
  const sockets = new Set<Socket>();
  const state: Pick<FakeSiteverify, 'answer' | 'requests'> = {
    answer: { kind: 'json', body: { success: true } },
    requests: [],
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.requests.push({
        contentType: req.headers['content-type'],
        form: new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
      });
      const answer = state.answer;
      if (answer.kind === 'stall') return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/siteverify`,
    get requests() {
      return state.requests;
    },
    get answer() {
      return state.answer;
    },
    set answer(value) {
      state.answer = value;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
