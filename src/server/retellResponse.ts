/**
 * Reads Retell's 2xx answer leniently: Retell has created (and will bill) the call by then, so the only hard
 * requirement is what the browser cannot join without, a non-blank `access_token`. Everything else that
 * differs from the documented `V2WebCallResponse` is drift: reported, forwarded as it came.
 */

/** Retell's documented `call_status` words. */
const CALL_STATUS_WORDS = new Set(['registered', 'not_connected', 'ongoing', 'ended', 'error']);

/** The reading of a created call: the body to forward and what differs from the documentation. */
export type CreatedCallReading =
  | { ok: true; call: Record<string, unknown>; drift: string[] }
  | { ok: false; problem: string };

function isNonBlank(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** Reads a parsed 2xx body; never throws. */
export function readCreatedCall(json: unknown): CreatedCallReading {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problem: 'the body is not a JSON object' };
  }
  const call = json as Record<string, unknown>;
  if (!isNonBlank(call.access_token)) return { ok: false, problem: 'access_token is missing or blank' };
  const drift: string[] = [];
  if (call.call_type !== 'web_call')
    drift.push(`call_type is ${JSON.stringify(call.call_type)}, not "web_call"`);
  if (!isNonBlank(call.call_id)) drift.push('call_id is missing or not a string');
  if (!isNonBlank(call.agent_id)) drift.push('agent_id is missing or not a string');
  if (!Number.isInteger(call.agent_version)) {
    drift.push(`agent_version is ${JSON.stringify(call.agent_version) ?? 'missing'}, not an integer`);
  }
  if (typeof call.call_status !== 'string' || !CALL_STATUS_WORDS.has(call.call_status)) {
    drift.push(
      call.call_status === undefined
        ? 'call_status is missing'
        : `call_status ${JSON.stringify(call.call_status)} is not a documented word`,
    );
  }
  if (call.agent_name !== undefined && call.agent_name !== null && typeof call.agent_name !== 'string') {
    drift.push('agent_name is not a string');
  }
  return { ok: true, call, drift };
}
