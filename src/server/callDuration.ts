import type { CreateWebCallRequest } from '../core/schemas.ts';

/**
 * The body with `agent_override.agent.max_call_duration_ms` set to `maxMs`, or kept when the body already
 * asks for a shorter call (the smaller wins). The rest of `agent_override` is kept as it was.
 */
export function capCallDuration(body: CreateWebCallRequest, maxMs: number | undefined): CreateWebCallRequest {
  if (maxMs === undefined) return body;
  const override = body.agent_override ?? {};
  const agent = override.agent ?? {};
  const asked = agent.max_call_duration_ms;
  const capped = typeof asked === 'number' && Number.isFinite(asked) ? Math.min(asked, maxMs) : maxMs;
  return { ...body, agent_override: { ...override, agent: { ...agent, max_call_duration_ms: capped } } };
}
