import { expect, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import type { WebCallResponse } from '../../../src/core/schemas.ts';
import { type CallOptions, type CallStatus, createCallStore } from '../../../src/core/store.ts';
import type { WebCallTokenRequest } from '../../../src/core/token.ts';
import { withTokenRequester } from '../../support/callStoreInternals.ts';
import { fakeClientFactory } from '../../support/fakeClient.ts';
import { installFakeMicrophone } from '../../support/media.ts';
import { installMicrophonePermission } from '../../support/permissions.ts';

export const TOKEN: WebCallResponse = {
  call_type: 'web_call',
  access_token: 'tok_1',
  call_id: 'call_1',
  agent_id: 'agent_1',
  agent_version: 1,
  call_status: 'registered',
};

/** A token requester the test controls: each request waits until resolved or rejected. */
export function controlledTokens() {
  const requests: Array<{
    request: WebCallTokenRequest;
    resolve: (value: WebCallResponse) => void;
    reject: (error: unknown) => void;
  }> = [];
  const requestToken = vi.fn(
    (request: WebCallTokenRequest) =>
      new Promise<WebCallResponse>((resolve, reject) => {
        requests.push({ request, resolve, reject });
        request.signal?.addEventListener('abort', () =>
          reject(new WebCallError('aborted', undefined, { cause: request.signal?.reason })),
        );
      }),
  );
  return { requests, requestToken };
}

export const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * A store wired to a fake client factory, controlled tokens, a fake microphone and a fake Permissions API.
 * `uninstall()` removes the fakes from `navigator`.
 */
export function setupStore(
  extra: CallOptions = {},
  permission: PermissionState | 'throws' | 'missing' = 'granted',
) {
  const factory = fakeClientFactory();
  const tokens = controlledTokens();
  const mic = installFakeMicrophone();
  const micPermission = installMicrophonePermission(permission === 'missing' ? 'prompt' : permission);
  if (permission === 'missing') micPermission.uninstall();
  const statuses: CallStatus[] = [];
  const store = withTokenRequester(
    createCallStore({
      agentId: 'agent_1',
      createClient: factory.createClient,
      onStatusChange: (status) => statuses.push(status),
      ...extra,
    }),
    tokens.requestToken,
  );
  let answered = 0;
  /** Answers the next token request (once it was made) and waits until startCall was called. */
  async function toConnecting(token: WebCallResponse = TOKEN) {
    await vi.waitFor(() => expect(tokens.requests.length).toBeGreaterThan(answered));
    tokens.requests[answered++]?.resolve(token);
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
  }
  async function toOngoing() {
    await toConnecting();
    factory.last.connect();
    expect(store.getSnapshot().status).toBe('ongoing');
  }
  return {
    store,
    factory,
    tokens,
    mic,
    micPermission,
    statuses,
    toConnecting,
    toOngoing,
    uninstall() {
      mic.uninstall();
      micPermission.uninstall();
    },
  };
}
