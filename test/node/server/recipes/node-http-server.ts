import { createServer } from 'node:http';
import { createNodeWebCallHandler } from '../../../../src/server/index.ts';

const handle = createNodeWebCallHandler({ agentId: process.env.RETELL_AGENT_ID });

export const server = createServer((req, res) => {
  if (req.url === '/api/create-web-call') void handle(req, res);
  else res.writeHead(404).end();
}).listen(Number(process.env.PORT ?? 3000));
