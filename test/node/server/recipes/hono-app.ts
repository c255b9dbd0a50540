import { Hono } from 'hono';
import { env } from 'hono/adapter';
import { createWebCallHandler, type WebCallHandler } from '../../../../src/server/index.ts';

type Env = { RETELL_API_KEY: string; RETELL_AGENT_ID: string };
const app = new Hono();

let handler: WebCallHandler | undefined;
// `app.all`: the handler answers POST, the OPTIONS preflight, and any other method with 405 + Allow.
app.all('/api/create-web-call', (c) => {
  // env(c) reads process.env on Node, Bun and Deno, and the bindings on Cloudflare Workers. (On Node,
  // c.env holds Node's request and response objects, not the environment.)
  const { RETELL_API_KEY, RETELL_AGENT_ID } = env<Env>(c);
  handler ??= createWebCallHandler({ apiKey: RETELL_API_KEY, agentId: RETELL_AGENT_ID });
  return handler(c.req.raw);
});

export default app;
