import type { Server } from 'node:http';
import { afterAll, afterEach, beforeAll } from 'vitest';
import {
  type CreateWebCallHandlerOptions,
  createWebCallHandler,
  type WebCallHandlerErrorEvent,
} from '../../../src/server/index.ts';
import { type FakeRetell, startFakeRetell } from './fakeRetell.ts';
import { API_KEY, expectNoKeyAnywhere, reported } from './helpers.ts';

/** The URL test requests are addressed to (the handler never reads the host). */
export const ENDPOINT = 'http://app.test/api/create-web-call';

/** A POST of `body` as JSON to {@link ENDPOINT}. */
export function postJson(body: unknown = {}): Request {
  return new Request(ENDPOINT, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/**
 * The setup every handler test file shares: a fake Retell (and a second one, `other`, for redirects),
 * reset after each test; the operator events of this file's handlers (`events`, cleared after each test,
 * also collected in `reported`); HTTP servers a test started, closed at the end; and, at the end, the check
 * that the API key appeared in no answer or event. Call it once at the top of a test file.
 */
export function setUpHandlerTests() {
  let fake: FakeRetell | undefined;
  let other: FakeRetell | undefined;
  const events: WebCallHandlerErrorEvent[] = [];
  const servers: Server[] = [];
  beforeAll(async () => {
    [fake, other] = await Promise.all([startFakeRetell(API_KEY), startFakeRetell(API_KEY)]);
  });
  afterEach(() => {
    fake?.reset();
    other?.reset();
    events.length = 0;
  });
  afterAll(async () => {
    expectNoKeyAnywhere();
    for (const server of servers) server.close();
    await Promise.all([fake?.close(), other?.close()]);
  });
  const started = (retell: FakeRetell | undefined) => {
    if (!retell) throw new Error('the fake Retell starts in beforeAll');
    return retell;
  };
  return {
    get fake() {
      return started(fake);
    },
    get other() {
      return started(other);
    },
    events,
    servers,
    /** A handler against the fake Retell with a fixed agent; its `onError` events land in `events`. */
    make(options: CreateWebCallHandlerOptions = {}) {
      return createWebCallHandler({
        apiKey: API_KEY,
        baseUrl: started(fake).baseUrl,
        agentId: 'agent_fixed',
        onError: (event) => {
          events.push(event);
          reported.push(event);
        },
        ...options,
      });
    },
  };
}
