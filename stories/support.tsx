/*
 * Shared pieces of the stories: frozen call states (MockWebCallProvider), a long transcript, theme and
 * custom-style wrappers, the simulated client for interactive stories and msw handlers for the token
 * endpoint. Not a story file (the glob only picks up *.stories.tsx).
 */
import type { Decorator } from '@storybook/react-vite';
import { delay, HttpResponse, http } from 'msw';
import { type CSSProperties, type ReactNode, useEffect, useState } from 'react';
import type { TranscriptEntry } from '../src/index.ts';
import type { RetellErrorBody, V2WebCallResponse } from '../src/server/index.ts';
import {
  createMockCallStore,
  type MockCallState,
  MockWebCallProvider,
  type SimulatedClientOptions,
  type SimulatedScript,
  simulatedClientFactory,
} from '../src/testing/index.ts';

/** The token endpoint the interactive stories call (mocked per story with msw). */
export const TOKEN_ENDPOINT = '/api/create-web-call';
/** The agent the interactive stories ask for. */
export const STORY_AGENT_ID = 'agent_story';

// ------------------------------------------------------------------------------------------ frozen states

/** Renders the story inside a call frozen in `state` (no network, SDK or microphone). */
export function withMockCall(state: MockCallState): Decorator {
  return (Story) => (
    <MockWebCallProvider state={state}>
      <Story />
    </MockWebCallProvider>
  );
}

/** A call that has been `ongoing` for `msAgo` ms when it first renders (so the timer shows a known time). */
function OngoingSince({ msAgo, children }: { msAgo: number; children?: ReactNode }) {
  const [state] = useState<MockCallState>(() => ({ status: 'ongoing', startedAt: Date.now() - msAgo }));
  return <MockWebCallProvider state={state}>{children}</MockWebCallProvider>;
}

/** Renders the story inside a call `ongoing` for `msAgo` ms. */
export function withOngoingSince(msAgo: number): Decorator {
  return (Story) => (
    <OngoingSince msAgo={msAgo}>
      <Story />
    </OngoingSince>
  );
}

/** A short conversation, both roles. */
export const SHORT_TRANSCRIPT: readonly TranscriptEntry[] = [
  { id: 't1', role: 'agent', content: 'Hi! Thanks for calling Acme support. How can I help you today?' },
  { id: 't2', role: 'user', content: 'Hi, my order has not arrived yet.' },
  { id: 't3', role: 'agent', content: 'I am sorry to hear that. Could you tell me your order number?' },
];

const AGENT_LINES = [
  'Let me look that up for you.',
  'I can see the parcel left our warehouse on Monday.',
  'The carrier scanned it in the regional depot this morning.',
  'It should be delivered tomorrow before noon.',
  'Would you like me to send you the tracking link by text message?',
  'Is there anything else I can help you with?',
];
const USER_LINES = [
  'Sure, it is 4 8 1 5 1 6.',
  'Great, thanks.',
  'Yes please, send it to the number on my account.',
  'Can I change the delivery address?',
  'Okay.',
  'No, that is all. Thank you!',
];

/** `count` alternating utterances (agent first), long enough to scroll. */
export function longTranscript(count = 44): TranscriptEntry[] {
  return Array.from({ length: count }, (_, index) => {
    const agent = index % 2 === 0;
    const lines = agent ? AGENT_LINES : USER_LINES;
    const line = lines[Math.floor(index / 2) % lines.length] ?? '';
    return { id: `long_${index}`, role: agent ? 'agent' : 'user', content: `${line} (${index + 1})` };
  });
}

/** A call frozen in `state` whose `AudioLevel` is fed a pulsing level every 50 ms (cleaned up on unmount). */
export function LiveAudioMockCall({ state, children }: { state: MockCallState; children?: ReactNode }) {
  const [store] = useState(() => createMockCallStore(state));
  useEffect(() => {
    let tick = 0;
    const samples = new Float32Array(1024);
    const timer = setInterval(() => {
      tick++;
      const amplitude = 0.05 + 0.25 * Math.abs(Math.sin(tick / 4));
      for (let i = 0; i < samples.length; i++) samples[i] = amplitude * Math.sin((i * 2 * Math.PI) / 32);
      store.emitAudio(samples);
    }, 50);
    return () => clearInterval(timer);
  }, [store]);
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

// ------------------------------------------------------------------------------------------ wrappers

/** Forces the dark theme (`data-rwc-theme="dark"`) on a dark page background. */
export const withDarkTheme: Decorator = (Story) => (
  <div
    data-rwc-theme="dark"
    style={{
      background: '#0d0f14',
      color: '#eceef3',
      padding: '2rem',
      minHeight: '100vh',
      boxSizing: 'border-box',
    }}
  >
    <Story />
  </div>
);

/** A brand theme made only of `--rwc-*` variables on a wrapper. */
export const BRAND_THEME = {
  '--rwc-font-family': 'Georgia, "Times New Roman", serif',
  '--rwc-font-size': '1rem',
  '--rwc-radius': '2px',
  '--rwc-gap': '1rem',
  '--rwc-padding': '1.5rem',
  '--rwc-panel-width': '32rem',
  '--rwc-transcript-height': '12rem',
  '--rwc-button-height': '3rem',
  '--rwc-color-bg': '#fffaf2',
  '--rwc-color-fg': '#2b2118',
  '--rwc-color-muted': '#6b5a48',
  '--rwc-color-border': '#d9c7ad',
  '--rwc-color-surface': '#f7ecdc',
  '--rwc-color-accent': '#0a6b46',
  '--rwc-color-accent-fg': '#ffffff',
  '--rwc-color-danger': '#a4262c',
  '--rwc-color-danger-fg': '#ffffff',
  '--rwc-color-agent-bubble': '#efe0c8',
  '--rwc-color-user-bubble': '#0a6b46',
  '--rwc-color-user-fg': '#ffffff',
  '--rwc-focus-ring-color': '#7a3cff',
} as CSSProperties;

/** Wraps the story in an element that sets {@link BRAND_THEME}. */
export const withBrandTheme: Decorator = (Story) => (
  <div data-testid="brand-theme" style={{ ...BRAND_THEME, padding: '1rem' }}>
    <Story />
  </div>
);

/** Gives panels room in stories that show several side by side. */
export const withWideLayout: Decorator = (Story) => (
  <div style={{ padding: '1rem', maxWidth: '64rem' }}>
    <Story />
  </div>
);

// ------------------------------------------------------------------------------------------ simulated calls

/** A short script so interactive stories finish quickly but stay watchable. */
export const STORY_SCRIPT: SimulatedScript = [
  { role: 'agent', text: 'Hi! I am the simulated agent of these stories. How can I help?' },
  { role: 'user', text: 'Just trying the buttons.' },
  { role: 'agent', text: 'Go ahead: mute me, unmute me, or end the call whenever you like.' },
  { role: 'user', text: 'Will do.' },
  { role: 'agent', text: 'Thanks for stopping by. Goodbye!', endCall: true },
];

/**
 * The simulated Retell client of the interactive stories: it connects in ~0.3 s and speaks quickly,
 * with a synthesized voice and the microphone moving user turns along where the browser allows it.
 */
export function storyClientFactory(options: SimulatedClientOptions = {}) {
  return simulatedClientFactory({
    script: STORY_SCRIPT,
    audio: 'auto',
    timing: {
      connectMs: 300,
      readyMs: 200,
      firstTurnDelayMs: 200,
      turnGapMs: 500,
      agentWordsPerSecond: 6,
      userWordsPerSecond: 5,
      hangUpDelayMs: 500,
      userTurnTimeoutMs: 4000,
    },
    ...options,
  });
}

let callNumber = 0;

/** A Retell create-web-call v2 response body. */
export function v2Body(agentId = STORY_AGENT_ID): V2WebCallResponse {
  callNumber++;
  return {
    call_type: 'web_call',
    access_token: `story_access_token_${callNumber}`,
    call_id: `call_story_${callNumber}`,
    agent_id: agentId,
    agent_version: 1,
    call_status: 'registered',
    agent_name: 'Story agent',
  };
}

/** The token endpoint answers 201 with a v2 body after a short, visible delay. */
export const tokenOk = http.post(TOKEN_ENDPOINT, async () => {
  await delay(200);
  return HttpResponse.json(v2Body(), { status: 201 });
});

/** What Retell answers when it fails (relayed by the backend). */
export const RETELL_ERROR_BODY: RetellErrorBody = {
  status: 'error',
  message: 'Retell is temporarily unavailable. Please try again.',
};

/**
 * The token endpoint fails the first request with a 500 and Retell's error body, then answers 201.
 * Call `reset()` before each run (the story's `beforeEach`) so a re-run starts with the failure again.
 */
export function failOnceThenOk() {
  let requests = 0;
  return {
    reset: () => {
      requests = 0;
    },
    handler: http.post(TOKEN_ENDPOINT, async () => {
      requests++;
      await delay(150);
      if (requests === 1) return HttpResponse.json(RETELL_ERROR_BODY, { status: 500 });
      return HttpResponse.json(v2Body(), { status: 201 });
    }),
  };
}

/** Timeout for waiting on a simulated call's next status in play functions. */
export const CALL_TIMEOUT = { timeout: 10_000 };

// ------------------------------------------------------------------------------------------ real calls

/** A call frozen in `state` whose microphone level (`AudioLevel source="user"`) pulses every 50 ms. */
export function LiveInputLevelMockCall({ state, children }: { state: MockCallState; children?: ReactNode }) {
  const [store] = useState(() => createMockCallStore(state));
  useEffect(() => {
    let tick = 0;
    const timer = setInterval(() => {
      tick++;
      store.emitInputLevel(0.1 + 0.6 * Math.abs(Math.sin(tick / 3)));
    }, 50);
    return () => clearInterval(timer);
  }, [store]);
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

/** Devices as a browser lists them before the microphone is allowed: no ids, no names. */
const HIDDEN_DEVICES = [
  { kind: 'audioinput', deviceId: '', label: '', groupId: '' },
  { kind: 'audiooutput', deviceId: '', label: '', groupId: '' },
] as const;

/**
 * Makes the page look like one whose microphone is not allowed yet (nameless devices, permission 'prompt')
 * while the story is mounted. Installed during render, before the story's device menus subscribe.
 */
function BeforePermission({ children }: { children?: ReactNode }) {
  const [restore] = useState(() => {
    const media = navigator.mediaDevices;
    const permissions = navigator.permissions;
    const original = { enumerateDevices: media?.enumerateDevices, query: permissions?.query };
    if (media) {
      media.enumerateDevices = async () => HIDDEN_DEVICES.map((d) => ({ ...d, toJSON: () => d })) as never;
    }
    if (permissions) {
      permissions.query = (async () => ({
        state: 'prompt',
        name: 'microphone',
        onchange: null,
        addEventListener() {},
        removeEventListener() {},
        dispatchEvent: () => false,
      })) as never;
    }
    return () => {
      if (media && original.enumerateDevices) media.enumerateDevices = original.enumerateDevices;
      if (permissions && original.query) permissions.query = original.query;
    };
  });
  useEffect(() => restore, [restore]);
  return <>{children}</>;
}

/** Renders the story as on a page whose microphone is not allowed yet. */
export const withDevicesBeforePermission: Decorator = (Story) => (
  <BeforePermission>
    <Story />
  </BeforePermission>
);
