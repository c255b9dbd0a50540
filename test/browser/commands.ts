import type { BrowserCommand } from 'vitest/node';

/*
 * Playwright-side helpers for browser tests: they act on the page that hosts the test iframe, which also
 * routes the iframe's traffic.
 */

const livekitUrls: string[] = [];
/** Date.now() (Node's clock, the page's too on this machine) when each of those sockets reached the route. */
const livekitSocketTimes: number[] = [];
const requests: string[] = [];
const logging = new WeakSet<object>();

/** Routes LiveKit's HTTP and WebSocket traffic: records socket URLs, then closes ('close') or stalls ('hang'). */
export const interceptLivekit: BrowserCommand<[mode: 'close' | 'hang']> = async (ctx, mode) => {
  livekitUrls.length = 0;
  livekitSocketTimes.length = 0;
  await ctx.page.route(/livekit\.cloud/, (route) => route.abort('internetdisconnected'));
  await ctx.page.routeWebSocket(/livekit\.cloud/, (ws) => {
    livekitUrls.push(ws.url());
    livekitSocketTimes.push(Date.now());
    if (mode === 'close') void ws.close({ code: 1011, reason: 'mocked: no network' });
  });
};

/** The LiveKit socket URLs seen since `interceptLivekit`. */
export const capturedLivekitUrls: BrowserCommand<[]> = () => Promise.resolve([...livekitUrls]);

/** When each LiveKit socket since `interceptLivekit` was opened (epoch ms). */
export const capturedLivekitSocketTimes: BrowserCommand<[]> = () => Promise.resolve([...livekitSocketTimes]);

/** Starts recording the URL of every request the page makes (scripts, chunks, fetches). */
export const startRequestLog: BrowserCommand<[]> = async (ctx) => {
  requests.length = 0;
  if (!logging.has(ctx.page)) {
    logging.add(ctx.page);
    ctx.page.on('request', (request) => {
      requests.push(request.url());
    });
  }
};

/** The URLs recorded since `startRequestLog`. */
export const requestLog: BrowserCommand<[]> = () => Promise.resolve([...requests]);

/** Emulates `prefers-reduced-motion` (and optionally a colour scheme) for the page and its frames. */
export const emulateMedia: BrowserCommand<
  [options: { reducedMotion?: 'reduce' | 'no-preference'; colorScheme?: 'light' | 'dark' }]
> = async (ctx, options) => {
  await ctx.page.emulateMedia(options);
};

/**
 * Grants the test page's origin the microphone, as a user does in the site settings (`true`), or resets it
 * to the browser's default (`false`: `prompt`, unless the browser's flags decide otherwise).
 */
export const setMicrophoneGranted: BrowserCommand<[granted: boolean]> = async (ctx, granted) => {
  const context = ctx.page.context();
  if (granted) await context.grantPermissions(['microphone'], { origin: new URL(ctx.page.url()).origin });
  else await context.clearPermissions();
};

/**
 * A full garbage collection of the page's heap (CDP `HeapProfiler.collectGarbage`), so a test can see which
 * `WeakRef` targets were released. The test iframe shares the page's process and heap.
 */
export const collectGarbage: BrowserCommand<[]> = async (ctx) => {
  const cdp = await ctx.page.context().newCDPSession(ctx.page);
  try {
    await cdp.send('Runtime.discardConsoleEntries');
    await cdp.send('HeapProfiler.collectGarbage');
  } finally {
    await cdp.detach();
  }
};

export const browserCommands = {
  collectGarbage,
  interceptLivekit,
  capturedLivekitUrls,
  capturedLivekitSocketTimes,
  startRequestLog,
  requestLog,
  emulateMedia,
  setMicrophoneGranted,
};

declare module 'vitest/browser' {
  interface BrowserCommands {
    collectGarbage(): Promise<void>;
    interceptLivekit(mode: 'close' | 'hang'): Promise<void>;
    capturedLivekitUrls(): Promise<string[]>;
    capturedLivekitSocketTimes(): Promise<number[]>;
    startRequestLog(): Promise<void>;
    requestLog(): Promise<string[]>;
    setMicrophoneGranted(granted: boolean): Promise<void>;
    emulateMedia(options: {
      reducedMotion?: 'reduce' | 'no-preference';
      colorScheme?: 'light' | 'dark';
    }): Promise<void>;
  }
}
