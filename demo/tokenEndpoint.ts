import type { Plugin } from 'vite';
import { createNodeWebCallHandler } from '../src/server/index.ts';

/** What the page learns from `GET /api/demo-mode`. */
export interface DemoMode {
  mode: 'live' | 'simulated';
  agentId: string;
}

const OFFLINE_KEY = 'demo-offline-key';

/**
 * Stands in for Retell's `POST /v2/create-web-call` when no API key is set: checks the bearer key and
 * answers 201 with a spec-shaped v2 body, so the demo runs the real server handler end to end offline.
 */
const offlineRetell: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const auth = new Headers(init?.headers).get('authorization');
  if (!url.endsWith('/v2/create-web-call') || auth !== `Bearer ${OFFLINE_KEY}`) {
    return Response.json({ status: 'error', message: 'API key is missing or invalid.' }, { status: 401 });
  }
  const body = JSON.parse(String(init?.body ?? '{}')) as { agent_id: string };
  const id = Math.random().toString(36).slice(2, 12);
  return Response.json(
    {
      call_type: 'web_call',
      access_token: `offline_${id}`,
      call_id: `call_offline_${id}`,
      agent_id: body.agent_id,
      agent_version: 1,
      call_status: 'registered',
    },
    { status: 201 },
  );
};

/**
 * Serves the token endpoint from the Vite dev server with the library's own server handler: real Retell
 * calls when RETELL_API_KEY and RETELL_AGENT_ID are set, an offline stand-in for Retell otherwise.
 */
export function tokenEndpoint(): Plugin {
  return {
    name: 'retell-demo-token-endpoint',
    configureServer(server) {
      const apiKey = process.env.RETELL_API_KEY;
      const agentId = process.env.RETELL_AGENT_ID;
      const live = Boolean(apiKey && agentId);
      const mode: DemoMode = live
        ? { mode: 'live', agentId: agentId as string }
        : { mode: 'simulated', agentId: 'agent_demo_offline' };
      const handle = live
        ? createNodeWebCallHandler({ apiKey, agentId })
        : createNodeWebCallHandler({ apiKey: OFFLINE_KEY, agentId: mode.agentId, fetch: offlineRetell });

      server.middlewares.use('/api/create-web-call', (req, res) => {
        void handle(req, res);
      });
      server.middlewares.use('/api/demo-mode', (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.setHeader('Cache-Control', 'no-store');
        res.end(JSON.stringify(mode));
      });
      server.httpServer?.once('listening', () => {
        const note = live
          ? `live: real Retell web calls with agent ${agentId}`
          : 'simulated: no RETELL_API_KEY / RETELL_AGENT_ID set, so a scripted agent answers (works offline)';
        server.config.logger.info(`\n  retell-web-call-react demo, ${note}\n`);
      });
    },
  };
}
