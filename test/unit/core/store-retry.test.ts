import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import { type CallStore, retryCall } from '../../../src/core/store.ts';
import { setupStore } from './storeHarness.ts';

// "Try again" repeats the call that failed: the same start(overrides), not a bare start().

let ctx: ReturnType<typeof setupStore>;
afterEach(() => ctx?.uninstall());

describe('retryCall', () => {
  it("repeats the failed call's start(overrides)", async () => {
    ctx = setupStore();
    const overrides = { agentId: 'agent_2', metadata: { plan: 'pro' }, dynamicVariables: { name: 'Ada' } };
    const first = ctx.store.start(overrides);
    await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(1));
    ctx.tokens.requests[0]?.reject(new WebCallError('token_request_failed', undefined, { status: 503 }));
    await expect(first).rejects.toMatchObject({ code: 'token_request_failed' });
    void retryCall(ctx.store);
    await vi.waitFor(() => expect(ctx.tokens.requests).toHaveLength(2));
    expect(ctx.tokens.requests[1]?.request.body).toEqual(ctx.tokens.requests[0]?.request.body);
    expect(ctx.tokens.requests[1]?.request.body).toMatchObject({
      agent_id: 'agent_2',
      metadata: { plan: 'pro' },
      retell_llm_dynamic_variables: { name: 'Ada' },
    });
    expect(ctx.store.getSnapshot().agentId).toBe('agent_2');
  });

  it('follows the latest start(): a bare start() after an override call is repeated bare', async () => {
    ctx = setupStore();
    void ctx.store.start({ agentId: 'agent_2' });
    await ctx.store.stop();
    void ctx.store.start();
    await ctx.store.stop();
    void retryCall(ctx.store);
    await vi.waitFor(() => expect(ctx.tokens.requests.length).toBeGreaterThan(0));
    expect(ctx.tokens.requests.at(-1)?.request.body).toEqual({ agent_id: 'agent_1' });
  });

  it('before any call, and while a call is live, behaves like start()', async () => {
    ctx = setupStore();
    const started = retryCall(ctx.store);
    expect(ctx.store.getSnapshot().status).toBe('requesting');
    expect(retryCall(ctx.store)).toBe(started);
    await ctx.store.stop();
  });

  it('a store not made by createCallStore (a test double) gets a plain start()', () => {
    const start = vi.fn(() => Promise.resolve());
    void retryCall({ start } as unknown as CallStore);
    expect(start).toHaveBeenCalledExactlyOnceWith();
  });
});
