/**
 * A start() before the call engine chunk has loaded. The unit setup preloads the engine (so every other test
 * sees a start() that runs it in the same tick); here each test imports a fresh store module whose engine
 * has not loaded, with the chunk's load held open, failed or let through on demand.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebCallResponse } from '../../../src/core/schemas.ts';
import type { CallStatus, CallStore } from '../../../src/core/store.ts';
import { fakeClientFactory } from '../../support/fakeClient.ts';
import { installFakeWebAudio } from '../../support/webAudio.ts';

const ENGINE = '../../../src/core/callEngine.ts';
const TOKEN: WebCallResponse = { access_token: 'tok_1', call_id: 'call_1' };

/** Holds the engine chunk's load until `release()` (or fails it with `fail(error)`). */
function gateEngineLoad() {
  let open!: () => void;
  let shut!: (error: unknown) => void;
  const gate = new Promise<void>((resolve, reject) => {
    open = resolve;
    shut = reject;
  });
  gate.catch(() => {});
  let loads = 0;
  vi.doMock(ENGINE, async (importOriginal) => {
    loads++;
    await gate;
    return importOriginal();
  });
  return {
    release: () => open(),
    fail: (error: unknown) => shut(error),
    loads: () => loads,
  };
}

/** A fresh store module (its engine not loaded) and a store wired to fakes that count what they are asked. */
async function freshStore() {
  const { createCallStore, loadCallEngine } = await import('../../../src/core/store.ts');
  const factory = fakeClientFactory();
  const getAccessToken = vi.fn(async () => TOKEN);
  const statuses: CallStatus[] = [];
  const onError = vi.fn();
  const store = createCallStore({
    createClient: factory.createClient,
    getAccessToken,
    checkMicrophone: false,
    onStatusChange: (status) => statuses.push(status),
    onError,
  });
  return { store, factory, getAccessToken, statuses, onError, loadCallEngine };
}

/** Lets every pending promise and the gated import settle. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

let audio: ReturnType<typeof installFakeWebAudio>;

beforeEach(() => {
  vi.resetModules();
  audio = installFakeWebAudio();
});

afterEach(() => {
  cleanup();
  audio.uninstall();
  vi.doUnmock(ENGINE);
  vi.resetModules();
});

describe('start() before the call engine has loaded', () => {
  it('loads the engine and then runs the call', async () => {
    const engine = gateEngineLoad();
    const { store, factory, getAccessToken, loadCallEngine } = await freshStore();
    const started = store.start();
    // Inside the click: the audio unlock and `requesting`, while the engine is still on its way.
    expect(store.getSnapshot().status).toBe('requesting');
    expect(audio.contexts).toHaveLength(1);
    await settle();
    expect(engine.loads()).toBe(1);
    expect(store.getSnapshot().status).toBe('requesting');
    expect(getAccessToken).not.toHaveBeenCalled();
    engine.release();
    await loadCallEngine();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    expect(getAccessToken).toHaveBeenCalledTimes(1);
    factory.last.connect();
    await started;
    expect(store.getSnapshot().status).toBe('ongoing');
    await store.stop();
  });

  it('runs the engine in the same tick once it has loaded (preload on intent)', async () => {
    const engine = gateEngineLoad();
    const { store, getAccessToken, loadCallEngine } = await freshStore();
    store.preload();
    engine.release();
    await loadCallEngine();
    void store.start();
    // No await between the click and the token request.
    expect(getAccessToken).toHaveBeenCalledTimes(1);
    await store.stop();
  });

  it('loads the Retell SDK chunk in parallel with the engine, not after it', async () => {
    gateEngineLoad();
    let adapterLoads = 0;
    vi.doMock('../../../src/core/retellAdapter.ts', () => {
      adapterLoads++;
      return { createRetellAdapter: () => fakeClientFactory().createClient() };
    });
    const { createCallStore } = await import('../../../src/core/store.ts');
    const store = createCallStore({ checkMicrophone: false });
    void store.start();
    await settle();
    expect(store.getSnapshot().status).toBe('requesting'); // the engine is still held back
    expect(adapterLoads).toBe(1);
    await store.stop();
    vi.doUnmock('../../../src/core/retellAdapter.ts');
  });

  it('stop() while the engine loads ends the call at once and never asks for a token', async () => {
    const engine = gateEngineLoad();
    const { store, factory, getAccessToken, statuses, onError, loadCallEngine } = await freshStore();
    const started = store.start();
    const stopped = store.stop();
    await stopped;
    const snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('ended');
    expect(snapshot.endedBy).toBe('user');
    await expect(started).rejects.toMatchObject({ name: 'WebCallError', code: 'aborted' });
    // Nothing left running: the audio unlock is closed, no client exists.
    expect(audio.contexts.map((context) => context.state)).toEqual(['closed']);
    // The engine arriving later changes nothing.
    engine.release();
    await loadCallEngine();
    await settle();
    expect(getAccessToken).not.toHaveBeenCalled();
    expect(factory.clients).toHaveLength(0);
    expect(store.getSnapshot()).toBe(snapshot);
    expect(statuses).toEqual(['requesting', 'ended']);
    expect(onError).not.toHaveBeenCalled();
  });

  it('a second start() while the engine loads joins the first: one run, one token, one client', async () => {
    const engine = gateEngineLoad();
    const { store, factory, getAccessToken, statuses } = await freshStore();
    const first = store.start();
    const second = store.start();
    expect(second).toBe(first);
    await settle();
    expect(engine.loads()).toBe(1);
    engine.release();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.connect();
    await first;
    expect(getAccessToken).toHaveBeenCalledTimes(1);
    expect(factory.clients).toHaveLength(1);
    expect(audio.contexts).toHaveLength(1);
    expect(statuses).toEqual(['requesting', 'connecting', 'ongoing']);
    await store.stop();
  });

  it('a chunk that fails to load ends the call with sdk_load_failed, and the next start() loads it again', async () => {
    const engine = gateEngineLoad();
    const { store, factory, getAccessToken, onError } = await freshStore();
    const started = store.start();
    engine.fail(new TypeError('Failed to fetch dynamically imported module'));
    await expect(started).rejects.toMatchObject({
      name: 'WebCallError',
      code: 'sdk_load_failed',
      retryable: true,
      message: 'The voice-call engine failed to load.',
    });
    const snapshot = store.getSnapshot();
    expect(snapshot.status).toBe('error');
    expect(snapshot.error).toMatchObject({ code: 'sdk_load_failed' });
    expect(snapshot.error?.cause).toBeDefined();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError.mock.calls[0]?.[0]).toBe(snapshot.error);
    expect(getAccessToken).not.toHaveBeenCalled();
    expect(factory.clients).toHaveLength(0);
    expect(audio.contexts.map((context) => context.state)).toEqual(['closed']);

    // A flaky network must not poison the page: "Try again" loads the chunk afresh.
    vi.doUnmock(ENGINE);
    const retried = store.start();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.connect();
    await retried;
    expect(store.getSnapshot().status).toBe('ongoing');
    expect(getAccessToken).toHaveBeenCalledTimes(1);
    await store.stop();
  });

  it('a failed preload() is not reported; the start() after it loads the engine again', async () => {
    const engine = gateEngineLoad();
    const { store, factory, onError } = await freshStore();
    store.preload();
    engine.fail(new TypeError('Failed to fetch dynamically imported module'));
    await settle();
    expect(onError).not.toHaveBeenCalled();
    expect(store.getSnapshot().status).toBe('idle');
    vi.doUnmock(ENGINE);
    const started = store.start();
    await vi.waitFor(() => expect(store.getSnapshot().status).toBe('connecting'));
    factory.last.connect();
    await started;
    await store.stop();
  });

  it('a component unmounted while the engine loads ends its call and leaves nothing running', async () => {
    const engine = gateEngineLoad();
    const { useWebCall } = await import('../../../src/react/useWebCall.ts');
    const { loadCallEngine } = await import('../../../src/core/store.ts');
    const factory = fakeClientFactory();
    const getAccessToken = vi.fn(async () => TOKEN);
    let store: CallStore | null = null;
    function Talk() {
      const call = useWebCall({ createClient: factory.createClient, getAccessToken, checkMicrophone: false });
      store = call.store;
      return createElement('button', { type: 'button', onClick: () => void call.start() }, call.status);
    }
    const view = render(createElement(Talk));
    fireEvent.click(screen.getByRole('button'));
    expect(screen.getByRole('button').textContent).toBe('requesting');
    act(() => view.unmount());
    await settle();
    expect((store as CallStore | null)?.getSnapshot().status).toBe('ended');
    engine.release();
    await loadCallEngine();
    await settle();
    expect(getAccessToken).not.toHaveBeenCalled();
    expect(factory.clients).toHaveLength(0);
    expect(audio.contexts.map((context) => context.state)).toEqual(['closed']);
  });
});
