import { createWebCallHandler, WebCallHandlerError } from '../../../../src/server/index.ts';
import { getSessionUser } from './auth'; // your session library: Auth.js, Clerk, Lucia, your own…

export const POST = createWebCallHandler({
  agentId: process.env.RETELL_AGENT_ID,
  authorize: async (request, body) => {
    const user = await getSessionUser(request);
    if (!user) throw new WebCallHandlerError(401, 'Sign in to start a call.');
    if (!user.voiceEnabled) throw new WebCallHandlerError(403, 'Voice calls are not part of your plan.');
    return {
      ...body,
      // Set by the server, so the browser cannot spoof it; it is stored with the call and in webhooks.
      metadata: { user_id: user.id },
      retell_llm_dynamic_variables: { customer_name: user.name ?? 'there' },
    };
  },
});
