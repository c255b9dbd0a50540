import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, waitFor } from 'storybook/test';
import {
  CallPanel,
  DEFAULT_CALL_ERROR_HINTS,
  WEB_CALL_ERROR_CODES,
  WebCallError,
  type WebCallErrorCode,
  WebCallProvider,
} from '../src/index.ts';
import { loadCallTimeParts } from '../src/react/internal/useCallTimeParts.ts';
import { type MockCallState, MockWebCallProvider } from '../src/testing/index.ts';
import {
  CALL_TIMEOUT,
  failOnceThenOk,
  LiveAudioMockCall,
  LiveInputLevelMockCall,
  longTranscript,
  RETELL_ERROR_BODY,
  SHORT_TRANSCRIPT,
  STORY_AGENT_ID,
  storyClientFactory,
  TOKEN_ENDPOINT,
  tokenOk,
  withBrandTheme,
  withDarkTheme,
  withDevicesBeforePermission,
  withMockCall,
  withWideLayout,
} from './support.tsx';

/**
 * The ready-made call UI. Static stories freeze the call in one state with `MockWebCallProvider`
 * (from `retell-web-call-react/testing`); the interactive ones run a whole simulated Retell call from a
 * click, with the token endpoint mocked by msw.
 */
const meta = {
  title: 'Components/CallPanel',
  component: CallPanel,
  parameters: { layout: 'padded' },
  // The panel's call-time parts (indicator, levels, transcript) are a lazy chunk; a page loads it at the first
  // idle moment. Loaded first here, so every frozen state shows them from its first frame.
  loaders: [
    async () => {
      await loadCallTimeParts();
      return {};
    },
  ],
} satisfies Meta<typeof CallPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

// ------------------------------------------------------------------------------------------ every status

export const Idle: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Voice call' })).toHaveAttribute('data-status', 'idle');
    await expect(canvas.getByRole('status')).toHaveTextContent('Ready to call');
    await expect(canvas.getByRole('button', { name: 'Start call' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Mute' })).toBeDisabled();
    await expect(canvas.getByText('The conversation will appear here.')).toBeVisible();
  },
};

export const Requesting: Story = {
  decorators: [withMockCall({ status: 'requesting' })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Cancel' });
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByRole('status')).toHaveTextContent('Connecting…');
  },
};

export const Connecting: Story = {
  decorators: [withMockCall({ status: 'connecting', callId: 'call_123', agentId: STORY_AGENT_ID })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Cancel' })).toHaveAttribute('aria-busy', 'true');
    await expect(canvas.getByRole('region')).toHaveAttribute('data-status', 'connecting');
  },
};

export const Ongoing: Story = {
  decorators: [withMockCall({ status: 'ongoing', agentReady: true, transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
    await expect(canvas.getByRole('timer')).toHaveTextContent(/\d\d:\d\d/);
    await expect(canvas.getByRole('button', { name: 'End call' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Mute' })).toHaveAttribute('aria-pressed', 'false');
    await expect(canvas.getAllByRole('listitem')).toHaveLength(SHORT_TRANSCRIPT.length);
  },
};

export const Ending: Story = {
  decorators: [withMockCall({ status: 'ending', transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Ending…' })).toBeDisabled();
    await expect(canvas.getByRole('status')).toHaveTextContent('Ending call…');
  },
};

/** The user hung up (`endedBy: 'user'`). */
export const EndedByUser: Story = {
  decorators: [withMockCall({ status: 'ended', endedBy: 'user', transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Call ended');
    await expect(canvas.getByRole('button', { name: 'Start call' })).toBeEnabled();
  },
};

/** The agent hung up, or the room closed (`endedBy: 'remote'`). */
export const EndedByRemote: Story = {
  decorators: [withMockCall({ status: 'ended', endedBy: 'remote', transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Call ended');
    await expect(canvas.getByRole('region')).toHaveAttribute('data-status', 'ended');
  },
};

/** In the panel the `CallButton` is the retry ("Try again"); the error view sits over the transcript. */
export const ErrorState: Story = {
  name: 'Error',
  decorators: [withMockCall({ status: 'error', error: 'microphone_permission_denied' })],
  play: async ({ canvas }) => {
    const alert = canvas.getByRole('alert');
    await expect(alert).toHaveAttribute('data-code', 'microphone_permission_denied');
    await expect(alert).toHaveTextContent('Microphone access was blocked.');
    await expect(alert).toHaveTextContent(DEFAULT_CALL_ERROR_HINTS.microphone_permission_denied);
    await expect(canvas.getByRole('status')).toHaveTextContent('Call failed');
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

// ------------------------------------------------------------------------------------------ call details

export const Muted: Story = {
  decorators: [withMockCall({ status: 'ongoing', isMuted: true, transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    const mute = canvas.getByRole('button', { name: 'Mute' });
    await expect(mute).toHaveAttribute('aria-pressed', 'true');
    await expect(mute).toHaveAttribute('data-muted');
  },
};

/** The agent is talking: the dots bounce and the meter is fed live audio samples (`emitAudio`). */
export const AgentTalking: Story = {
  decorators: [
    (Story) => (
      <LiveAudioMockCall state={{ status: 'ongoing', isAgentTalking: true, transcript: SHORT_TRANSCRIPT }}>
        <Story />
      </LiveAudioMockCall>
    ),
  ],
  play: async ({ canvasElement, canvas }) => {
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-agent-talking');
    await expect(canvas.getByText('Agent is speaking')).toBeInTheDocument();
    const meter = canvasElement.querySelector('.rwc-audio-level');
    await expect(meter).toHaveAttribute('data-active');
    await waitFor(() => expect(Number(meter?.getAttribute('data-level'))).toBeGreaterThan(0));
  },
};

const LONG = longTranscript(44);

/** 44 utterances: the transcript scrolls and keeps the newest words in view. */
export const LongTranscript: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: LONG })],
  play: async ({ canvas }) => {
    const log = canvas.getByRole('log', { name: 'Transcript' });
    await expect(canvas.getAllByRole('listitem')).toHaveLength(44);
    await expect(log.scrollHeight).toBeGreaterThan(log.clientHeight);
    await waitFor(() =>
      expect(log.scrollTop + log.clientHeight).toBeGreaterThanOrEqual(log.scrollHeight - 2),
    );
  },
};

// ------------------------------------------------------------------------------------------ every error code

const ERROR_STATES = Object.fromEntries(
  WEB_CALL_ERROR_CODES.map((code) => [code, { status: 'error', error: code } satisfies MockCallState]),
) as Record<WebCallErrorCode, MockCallState>;

/** One panel per `WebCallErrorCode`: the message, the recovery hint, and the button's "Try again". */
export const AllErrorCodes: Story = {
  decorators: [withWideLayout],
  render: (args) => (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(22rem, 1fr))', gap: '1rem' }}
    >
      {WEB_CALL_ERROR_CODES.map((code) => (
        <MockWebCallProvider key={code} state={ERROR_STATES[code]}>
          <CallPanel {...args} labels={{ region: `Voice call (${code})` }} data-testid={code} />
        </MockWebCallProvider>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    for (const code of WEB_CALL_ERROR_CODES) {
      const panel = canvas.getByRole('region', { name: `Voice call (${code})` });
      const alert = panel.querySelector('[role="alert"]');
      await expect(alert).toHaveAttribute('data-code', code);
      await expect(alert).toHaveTextContent(new WebCallError(code).message);
      await expect(alert).toHaveTextContent(DEFAULT_CALL_ERROR_HINTS[code]);
    }
  },
};

// ------------------------------------------------------------------------------------------ look and language

/** `data-rwc-theme="dark"` on an ancestor forces the dark palette. */
export const DarkMode: Story = {
  decorators: [
    (Story) => (
      <LiveAudioMockCall state={{ status: 'ongoing', isAgentTalking: true, transcript: SHORT_TRANSCRIPT }}>
        <Story />
      </LiveAudioMockCall>
    ),
    withDarkTheme,
  ],
  parameters: { layout: 'fullscreen' },
};

export const DarkModeError: Story = {
  decorators: [withMockCall({ status: 'error', error: 'connection_failed' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const DarkModeMuted: Story = {
  decorators: [
    withMockCall({ status: 'ongoing', isMuted: true, transcript: SHORT_TRANSCRIPT }),
    withDarkTheme,
  ],
  parameters: { layout: 'fullscreen' },
};

/** Every visible word and accessible name comes from `labels` (and `hints`). */
export const FrenchLabels: Story = {
  args: {
    labels: {
      region: 'Appel vocal',
      callButton: {
        idle: 'Appeler',
        requesting: 'Connexion…',
        connecting: 'Connexion…',
        ongoing: 'Raccrocher',
      },
      muteButton: { mute: 'Couper le micro' },
      status: { idle: 'Prêt', ongoing: 'En ligne', ended: 'Appel terminé', error: 'Échec', elapsed: 'Durée' },
      agent: { speaking: "L'agent parle", listening: "L'agent écoute" },
      transcript: {
        agent: 'Agent',
        user: 'Moi',
        empty: 'La conversation apparaîtra ici.',
        log: 'Transcription',
      },
    },
    hints: { microphone_permission_denied: 'Autorisez le micro dans la barre d’adresse, puis réessayez.' },
  },
  decorators: [
    withMockCall({
      status: 'ongoing',
      isAgentTalking: true,
      transcript: [
        { id: 'fr1', role: 'agent', content: 'Bonjour ! Comment puis-je vous aider ?' },
        { id: 'fr2', role: 'user', content: 'Je voudrais suivre ma commande.' },
      ],
    }),
  ],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region', { name: 'Appel vocal' })).toBeInTheDocument();
    await expect(canvas.getByRole('button', { name: 'Raccrocher' })).toBeEnabled();
    await expect(canvas.getByRole('button', { name: 'Couper le micro' })).toBeEnabled();
    await expect(canvas.getByRole('status')).toHaveTextContent('En ligne');
    await expect(canvas.getByRole('log', { name: 'Transcription' })).toHaveTextContent('Moi');
    await expect(canvas.getByText("L'agent parle")).toBeInTheDocument();
  },
};

/** A brand look from `--rwc-*` CSS variables set on a wrapper: no CSS rules of our own. */
export const CustomStyling: Story = {
  decorators: [withMockCall({ status: 'ongoing', transcript: SHORT_TRANSCRIPT }), withBrandTheme],
  play: async ({ canvas }) => {
    const panel = canvas.getByRole('region', { name: 'Voice call' });
    await expect(getComputedStyle(panel).backgroundColor).toBe('rgb(255, 250, 242)');
    await expect(getComputedStyle(canvas.getByRole('button', { name: 'End call' })).backgroundColor).toBe(
      'rgb(164, 38, 44)',
    );
  },
};

// ------------------------------------------------------------------------------------------ interactive

const panelClient = storyClientFactory();

/**
 * A whole simulated call from a click: the token comes from the (mocked) endpoint, the microphone check
 * runs for real, then the simulated agent talks. Play: start → ongoing → mute → end.
 */
export const Interactive: Story = {
  args: {
    agentId: STORY_AGENT_ID,
    endpoint: TOKEN_ENDPOINT,
    onStatusChange: fn(),
    onCallEnd: fn(),
    onError: fn(),
  },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallPanel {...args} createClient={panelClient} />,
  play: async ({ args, canvas, userEvent, step }) => {
    const panel = canvas.getByRole('region', { name: 'Voice call' });
    await step('Start the call', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
      await expect(args.onStatusChange).toHaveBeenCalledWith('requesting', expect.anything());
    });
    await step('The agent speaks', async () => {
      await waitFor(() => expect(canvas.getByRole('log')).toHaveTextContent('simulated agent'), CALL_TIMEOUT);
    });
    await step('Mute', async () => {
      const mute = canvas.getByRole('button', { name: 'Mute' });
      await userEvent.click(mute);
      await expect(mute).toHaveAttribute('aria-pressed', 'true');
    });
    await step('End the call', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent('Call ended');
      await expect(args.onCallEnd).toHaveBeenCalledWith(expect.objectContaining({ endedBy: 'user' }));
      await expect(args.onError).not.toHaveBeenCalled();
    });
  },
};

const failOnce = failOnceThenOk();
const retryClient = storyClientFactory();

/**
 * The token endpoint answers 500 with Retell's error body the first time, 201 after. Play: start → error
 * view with the backend's message → "Try again" → ongoing → end.
 */
export const InteractiveTokenErrorRetry: Story = {
  args: { onError: fn() },
  parameters: { msw: { handlers: [failOnce.handler] } },
  beforeEach: () => {
    failOnce.reset();
  },
  render: (args) => (
    <WebCallProvider
      endpoint={TOKEN_ENDPOINT}
      agentId={STORY_AGENT_ID}
      createClient={retryClient}
      checkMicrophone={false}
      onError={args.onError}
    >
      <CallPanel />
    </WebCallProvider>
  ),
  play: async ({ args, canvas, userEvent, step }) => {
    const panel = canvas.getByRole('region', { name: 'Voice call' });
    await step('Start: the endpoint fails', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
      const alert = await canvas.findByRole('alert', {}, CALL_TIMEOUT);
      await expect(alert).toHaveAttribute('data-code', 'token_request_failed');
      await expect(alert).toHaveTextContent(RETELL_ERROR_BODY.message ?? '');
      await expect(alert).toHaveTextContent(DEFAULT_CALL_ERROR_HINTS.token_request_failed);
      await expect(panel).toHaveAttribute('data-status', 'error');
      await expect(args.onError).toHaveBeenCalledWith(
        expect.objectContaining({ code: 'token_request_failed', status: 500 }),
      );
    });
    await step('Try again: the call connects', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
      await expect(canvas.queryByRole('alert')).not.toBeInTheDocument();
    });
    await step('End the call', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
    });
  },
};

// ------------------------------------------------------------------------------------------ real calls

/** The browser refuses to play the agent: the status says so and "Tap to hear the agent" floats over the transcript. */
export const AudioBlocked: Story = {
  decorators: [withMockCall({ status: 'ongoing', audioBlocked: true, transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region')).toHaveAttribute('data-audio-blocked');
    await expect(canvas.getByRole('status')).toHaveTextContent('Sound blocked by the browser');
    await expect(canvas.getByRole('button', { name: 'Tap to hear the agent' })).toBeVisible();
  },
};

/** The network dropped: "Reconnecting…", the transcript stays, the call is still ongoing. */
export const Reconnecting: Story = {
  decorators: [withMockCall({ status: 'ongoing', isReconnecting: true, transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('region')).toHaveAttribute('data-reconnecting');
    await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting…');
    await expect(canvas.getAllByRole('listitem')).toHaveLength(SHORT_TRANSCRIPT.length);
    await expect(canvas.getByRole('button', { name: 'End call' })).toBeEnabled();
  },
};

/** `showDevices`: microphone and speaker menus and the microphone's level, usable before and during a call. */
export const WithDevices: Story = {
  args: { showDevices: true },
  decorators: [
    (Story) => (
      <LiveInputLevelMockCall state={{ status: 'ongoing', transcript: SHORT_TRANSCRIPT }}>
        <Story />
      </LiveInputLevelMockCall>
    ),
  ],
  play: async ({ canvas }) => {
    // The menus' code loads when the row first shows.
    const microphone = await canvas.findByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect(microphone.querySelectorAll('option').length).toBeGreaterThan(1));
    await expect(canvas.getByRole('combobox', { name: 'Speaker' })).toBeVisible();
  },
};

/** `showDevices` before the microphone is allowed: "Default" and a hint, same size as with names. */
export const WithDevicesBeforePermission: Story = {
  args: { showDevices: true },
  decorators: [withMockCall({ status: 'idle' }), withDevicesBeforePermission],
  play: async ({ canvas }) => {
    await waitFor(() =>
      expect(canvas.getByRole('combobox', { name: 'Microphone' })).toHaveAccessibleDescription(
        'Allow the microphone to choose one',
      ),
    );
  },
};

/** The agent never answered within `agentReadyTimeoutMs`: a retryable `agent_unavailable` error. */
export const AgentUnavailable: Story = {
  decorators: [withMockCall({ status: 'error', error: 'agent_unavailable' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveAttribute('data-code', 'agent_unavailable');
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};

/** Retell says it is the user's turn: `data-turn="user"` on the agent indicator. */
export const UsersTurn: Story = {
  decorators: [withMockCall({ status: 'ongoing', turn: 'user', transcript: SHORT_TRANSCRIPT })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-turn', 'user');
  },
};

export const AudioBlockedDark: Story = {
  decorators: [withMockCall({ status: 'ongoing', audioBlocked: true, isReconnecting: false }), withDarkTheme],
};

export const WithDevicesDark: Story = {
  args: { showDevices: true },
  decorators: [withMockCall({ status: 'ongoing', isReconnecting: true }), withDarkTheme],
};

// ------------------------------------------------------------------------------------------ real calls, live

const blockedAudioClient = storyClientFactory({ failure: { blockAudio: true } });

/**
 * A simulated call whose audio the browser blocks (`failure.blockAudio`): only a `startAudioPlayback()` made
 * while a click is being handled unblocks it, so this also proves the button calls it synchronously.
 */
export const InteractiveBlockedAudio: Story = {
  args: { agentId: STORY_AGENT_ID, endpoint: TOKEN_ENDPOINT, onAudioBlocked: fn() },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallPanel {...args} createClient={blockedAudioClient} />,
  play: async ({ args, canvas, userEvent, step }) => {
    const panel = canvas.getByRole('region', { name: 'Voice call' });
    await step('Start: the browser blocks the agent', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-audio-blocked'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent('Sound blocked by the browser');
      await expect(args.onAudioBlocked).toHaveBeenCalled();
    });
    await step('Tap to hear the agent', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'Tap to hear the agent' }));
      await waitFor(() => expect(panel).not.toHaveAttribute('data-audio-blocked'), CALL_TIMEOUT);
      await expect(canvas.queryByRole('button', { name: 'Tap to hear the agent' })).toBeNull();
      await expect(blockedAudioClient.last?.audioBlocked).toBe(false);
    });
    await step('End the call', async () => {
      await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
      await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
    });
  },
};

const droppingClient = storyClientFactory({ failure: { connectionDrop: { afterMs: 600, lastsMs: 1500 } } });

/** The network drops 0.6 s into the call for 1.5 s: "Reconnecting…", the transcript stays, then "Connected". */
export const InteractiveReconnect: Story = {
  args: { agentId: STORY_AGENT_ID, endpoint: TOKEN_ENDPOINT, onReconnecting: fn(), onReconnected: fn() },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallPanel {...args} createClient={droppingClient} />,
  play: async ({ args, canvas, userEvent, step }) => {
    const panel = canvas.getByRole('region', { name: 'Voice call' });
    await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
    await step('The connection drops', async () => {
      await waitFor(() => expect(panel).toHaveAttribute('data-reconnecting'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent('Reconnecting…');
      await expect(panel).toHaveAttribute('data-status', 'ongoing');
      await expect(args.onReconnecting).toHaveBeenCalled();
    });
    await step('It comes back', async () => {
      await waitFor(() => expect(panel).not.toHaveAttribute('data-reconnecting'), CALL_TIMEOUT);
      await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
      await expect(args.onReconnected).toHaveBeenCalled();
    });
    await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
    await waitFor(() => expect(panel).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
  },
};

const silentAgentClient = storyClientFactory({ failure: { agentNeverJoins: true } });

/** The agent never joins; with `agentReadyTimeoutMs={1500}` the call ends in `agent_unavailable`. */
export const InteractiveSilentAgent: Story = {
  args: { agentId: STORY_AGENT_ID, endpoint: TOKEN_ENDPOINT, agentReadyTimeoutMs: 1500, onError: fn() },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallPanel {...args} createClient={silentAgentClient} />,
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Start call' }));
    const alert = await canvas.findByRole('alert', {}, CALL_TIMEOUT);
    await expect(alert).toHaveAttribute('data-code', 'agent_unavailable');
    await expect(args.onError).toHaveBeenCalledWith(expect.objectContaining({ code: 'agent_unavailable' }));
    await expect(canvas.getByRole('button', { name: 'Try again' })).toBeEnabled();
  },
};
