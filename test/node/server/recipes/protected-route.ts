// app/api/create-web-call/route.ts (Next.js on Vercel; see the table below for other platforms)
import {
  clientIp,
  createRedisRateLimitStore,
  createWebCallHandler,
  turnstile,
} from '../../../../src/server/index.ts';
import { redis } from './redis'; // your app's ioredis or node-redis client

const handler = createWebCallHandler({
  agentId: process.env.RETELL_AGENT_ID,
  // Your site only. Leave it out if the page and the endpoint share an origin (then only same-origin
  // browser requests pass).
  allowedOrigins: ['https://app.example.com'],
  // 5 calls per visitor per 10 minutes, counted in Redis so every instance shares the count.
  rateLimit: {
    limit: 5,
    windowMs: 10 * 60_000,
    key: (request) => clientIp(request, { trustedHeader: 'x-real-ip' }),
    store: createRedisRateLimitStore(redis),
  },
  // The browser sends the widget's token in the x-captcha-token header.
  verifyHuman: turnstile({ secret: process.env.TURNSTILE_SECRET_KEY, hostname: 'app.example.com' }),
  // No call runs longer than 10 minutes, whatever the agent says.
  maxCallDurationMs: 10 * 60_000,
  // Misconfiguration, Redis or captcha outages, Retell errors: to your logs and alerts.
  onError: (event) => console.error(`[web-call] ${event.code} (${event.status}): ${event.message}`),
});

export { handler as GET, handler as OPTIONS, handler as POST };
