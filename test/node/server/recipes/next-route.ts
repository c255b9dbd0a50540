// app/api/create-web-call/route.ts
import { createWebCallHandler } from '../../../../src/server/index.ts';

const handler = createWebCallHandler({
  // apiKey defaults to process.env.RETELL_API_KEY
  agentId: process.env.RETELL_AGENT_ID,
});

// POST creates the call, OPTIONS answers CORS preflights (when you set `allowedOrigins`), and GET gets the
// handler's 405 with `Allow: POST, OPTIONS` instead of Next.js's bare 405.
export { handler as GET, handler as OPTIONS, handler as POST };
