import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// `npm run demo` without RETELL_API_KEY / RETELL_AGENT_ID: the page and the token endpoint, offline.
let server: ViteDevServer;
let base: string;

beforeAll(async () => {
  // Removed for this file only (vi.stubEnv with undefined deletes them); restored in afterAll.
  vi.stubEnv('RETELL_API_KEY', undefined);
  vi.stubEnv('RETELL_AGENT_ID', undefined);
  server = await createServer({
    configFile: 'demo/vite.config.ts',
    logLevel: 'silent',
    server: { port: 0, host: '127.0.0.1' },
  });
  await server.listen();
  const address = server.httpServer?.address() as AddressInfo | null | undefined;
  if (!address) throw new Error('the demo server did not start listening');
  const { port } = address;
  base = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await server?.close();
  vi.unstubAllEnvs();
});

describe('the demo server (offline)', () => {
  it('serves the page', async () => {
    const response = await fetch(`${base}/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root"></div>');
  });

  it('says it runs the simulated agent', async () => {
    const mode = await (await fetch(`${base}/api/demo-mode`)).json();
    expect(mode).toEqual({ mode: 'simulated', agentId: 'agent_demo_offline' });
  });

  it('mints a spec-shaped token through the real server handler', async () => {
    const response = await fetch(`${base}/api/create-web-call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: base },
      body: JSON.stringify({ agent_id: 'agent_demo_offline' }),
    });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({
      call_type: 'web_call',
      agent_id: 'agent_demo_offline',
      call_status: 'registered',
    });
    expect(body.access_token).toMatch(/^offline_/);
    expect(JSON.stringify(body)).not.toContain('demo-offline-key');
  });

  it('keeps the server handler’s rules: another agent is refused', async () => {
    const response = await fetch(`${base}/api/create-web-call`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ agent_id: 'someone_elses_agent' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ status: 'error' });
  });
});
