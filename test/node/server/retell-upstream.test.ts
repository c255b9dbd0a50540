import { describe, expect, it, vi } from 'vitest';
import { postJson, setUpHandlerTests } from './handlerFixture.ts';
import { capture, expectErrorShape } from './helpers.ts';

// The call to Retell: redirects are never followed, a stalled body is cancelled on timeout, and reporting the
// failure to an async onError cannot reject unhandled.

const fixture = setUpHandlerTests();
const { events, make } = fixture;

describe('a Retell redirect', () => {
  it('a 302 is reported as retell_unexpected_status (check baseUrl) and never followed', async () => {
    fixture.fake.mode = {
      kind: 'redirect',
      status: 302,
      location: `${fixture.other.baseUrl}/v2/create-web-call`,
    };
    const result = await capture(await make()(postJson({})));
    expectErrorShape(result, 502, 'unexpected answer');
    expect(events).toEqual([
      expect.objectContaining({ code: 'retell_unexpected_status', status: 502, retellStatus: 302 }),
    ]);
    expect(events[0]?.message).toMatch(/check baseUrl/);
    expect(fixture.fake.requests).toHaveLength(1);
    expect(fixture.other.requests).toHaveLength(0);
  });

  it('a 307 is treated the same', async () => {
    fixture.fake.mode = {
      kind: 'redirect',
      status: 307,
      location: `${fixture.other.baseUrl}/v2/create-web-call`,
    };
    expectErrorShape(await capture(await make()(postJson({}))), 502);
    expect(events[0]?.code).toBe('retell_unexpected_status');
    expect(fixture.other.requests).toHaveLength(0);
  });

  it("a browser-style opaqueredirect from an injected fetch is retell_unexpected_status; fetch gets redirect: 'manual'", async () => {
    const inits: RequestInit[] = [];
    const opaque = {
      type: 'opaqueredirect',
      status: 0,
      ok: false,
      body: null,
      headers: new Headers(),
    } as unknown as Response;
    const handler = make({
      fetch: async (_input, init) => {
        if (init) inits.push(init);
        return opaque;
      },
    });
    expectErrorShape(await capture(await handler(postJson({}))), 502);
    expect(inits[0]?.redirect).toBe('manual');
    expect(events[0]?.code).toBe('retell_unexpected_status');
    expect(events[0]?.message).toMatch(/redirect/);
  });
});

describe('a stalled Retell body', () => {
  it('is cancelled on timeout even when the injected fetch ignores the signal', async () => {
    const cancel = vi.fn();
    const handler = make({
      timeoutMs: 100,
      fetch: async () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull: () => new Promise<void>(() => {}), // never enqueues
            cancel,
          }),
          { status: 201, headers: { 'content-type': 'application/json' } },
        ),
    });
    const result = await capture(await handler(postJson({})));
    expectErrorShape(result, 504, /in time/);
    expect(events[0]?.code).toBe('retell_timeout');
    await vi.waitFor(() => expect(cancel).toHaveBeenCalledTimes(1), { timeout: 1000 });
  });
});

describe('an async onError', () => {
  it('that rejects does not become an unhandled rejection, and the answer is unchanged', async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', listener);
    try {
      fixture.fake.mode = { kind: 'status', status: 500 };
      // A plain function, not vi.fn: a spy attaches its own handlers to the promises it returns.
      let calls = 0;
      const handler = make({
        onError: async () => {
          calls++;
          throw new Error('logger down');
        },
      });
      expectErrorShape(await capture(await handler(postJson({}))), 502);
      expect(calls).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
