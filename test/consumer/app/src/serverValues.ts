// What a Server Component or route module imports: values from retell-web-call-react/core, which carries no
// 'use client' directive. Type-checked against the packed .d.ts by test/consumer/run.mjs (not bundled).
import {
  CALL_STATUSES,
  type CallStatus,
  type CreateWebCallRequest,
  isWebCallError,
  WEB_CALL_ERROR_CODES,
  type WebCallErrorCode,
  webCallResponseSchema,
} from 'retell-web-call-react/core';

export const statuses: readonly CallStatus[] = CALL_STATUSES;
export const codes: readonly WebCallErrorCode[] = WEB_CALL_ERROR_CODES;

export function errorCodeOf(error: unknown): WebCallErrorCode | undefined {
  return isWebCallError(error) ? error.code : undefined;
}

export function tokenOf(json: unknown): string | undefined {
  const parsed = webCallResponseSchema.safeParse(json);
  return parsed.success ? parsed.data.access_token : undefined;
}

export const body: CreateWebCallRequest = { agent_id: 'agent_consumer', metadata: { page: '/' } };
