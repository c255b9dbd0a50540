import express from 'express';
import { createWebCallHandler, toNodeHandler } from '../../../../src/server/index.ts';

export const app = express();

// Register it before express.json(): the handler reads and limits the body itself. `app.all` also routes
// the OPTIONS preflight to it, and answers other methods with 405.
app.all(
  '/api/create-web-call',
  toNodeHandler(createWebCallHandler({ agentId: process.env.RETELL_AGENT_ID })),
);

app.use(express.json());
// … the rest of your app, then app.listen(3000)
