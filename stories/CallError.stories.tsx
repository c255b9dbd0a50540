import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import { expect, fn } from 'storybook/test';
import {
  CallError,
  DEFAULT_CALL_ERROR_HINTS,
  WEB_CALL_ERROR_CODES,
  WebCallError,
  type WebCallErrorCode,
} from '../src/index.ts';
import { createMockCallStore, type MockCallState, MockWebCallProvider } from '../src/testing/index.ts';
import { withDarkTheme, withMockCall, withWideLayout } from './support.tsx';

/**
 * The error view: nothing unless the call is in `error`, then the message, a recovery hint for the code
 * and, for retryable errors, "Try again". One story per `WebCallErrorCode`.
 */
const meta = {
  title: 'Parts/CallError',
  component: CallError,
  decorators: [
    (Story) => (
      <div style={{ maxWidth: '28rem' }}>
        <Story />
      </div>
    ),
  ],
} satisfies Meta<typeof CallError>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The error view of one code, checked: code, message, hint, and the retry button only when retryable. */
function codeStory(code: WebCallErrorCode): Story {
  const expected = new WebCallError(code);
  return {
    decorators: [withMockCall({ status: 'error', error: code })],
    play: async ({ canvas }) => {
      const alert = canvas.getByRole('alert');
      await expect(alert).toHaveAttribute('data-code', code);
      await expect(alert).toHaveTextContent(expected.message);
      await expect(alert).toHaveTextContent(DEFAULT_CALL_ERROR_HINTS[code]);
      const retry = canvas.queryByRole('button', { name: 'Try again' });
      if (expected.retryable) {
        await expect(alert).toHaveAttribute('data-retryable');
        await expect(retry).toBeEnabled();
      } else {
        await expect(alert).not.toHaveAttribute('data-retryable');
        await expect(retry).not.toBeInTheDocument();
      }
    },
  };
}

// One story per code. `satisfies Record<WebCallErrorCode, Story>` fails to compile when a code is added.
const BY_CODE = {
  token_request_failed: codeStory('token_request_failed'),
  token_response_invalid: codeStory('token_response_invalid'),
  human_check_failed: codeStory('human_check_failed'),
  token_request_timeout: codeStory('token_request_timeout'),
  network_error: codeStory('network_error'),
  microphone_permission_denied: codeStory('microphone_permission_denied'),
  microphone_not_found: codeStory('microphone_not_found'),
  microphone_unavailable: codeStory('microphone_unavailable'),
  insecure_context: codeStory('insecure_context'),
  unsupported_browser: codeStory('unsupported_browser'),
  sdk_load_failed: codeStory('sdk_load_failed'),
  connection_failed: codeStory('connection_failed'),
  call_failed: codeStory('call_failed'),
  agent_unavailable: codeStory('agent_unavailable'),
  incompatible_token: codeStory('incompatible_token'),
  aborted: codeStory('aborted'),
} satisfies Record<WebCallErrorCode, Story>;

export const TokenRequestFailed = BY_CODE.token_request_failed;
export const TokenResponseInvalid = BY_CODE.token_response_invalid;
export const HumanCheckFailed = BY_CODE.human_check_failed;
export const TokenRequestTimeout = BY_CODE.token_request_timeout;
export const NetworkError = BY_CODE.network_error;
export const MicrophonePermissionDenied = BY_CODE.microphone_permission_denied;
export const MicrophoneNotFound = BY_CODE.microphone_not_found;
export const MicrophoneUnavailable = BY_CODE.microphone_unavailable;
export const InsecureContext = BY_CODE.insecure_context;
export const UnsupportedBrowser = BY_CODE.unsupported_browser;
export const SdkLoadFailed = BY_CODE.sdk_load_failed;
export const ConnectionFailed = BY_CODE.connection_failed;
export const CallFailed = BY_CODE.call_failed;
export const AgentUnavailable = BY_CODE.agent_unavailable;
export const IncompatibleToken = BY_CODE.incompatible_token;
export const Aborted = BY_CODE.aborted;

const ERROR_STATES = Object.fromEntries(
  WEB_CALL_ERROR_CODES.map((code) => [code, { status: 'error', error: code } satisfies MockCallState]),
) as Record<WebCallErrorCode, MockCallState>;

/** Every code at once (`WEB_CALL_ERROR_CODES`), for a quick visual review. */
export const AllCodes: Story = {
  decorators: [withWideLayout],
  render: (args) => (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(20rem, 1fr))', gap: '1rem' }}
    >
      {WEB_CALL_ERROR_CODES.map((code) => (
        <MockWebCallProvider key={code} state={ERROR_STATES[code]}>
          <CallError {...args} />
        </MockWebCallProvider>
      ))}
    </div>
  ),
  play: async ({ canvas }) => {
    const alerts = canvas.getAllByRole('alert');
    await expect(alerts.map((alert) => alert.getAttribute('data-code'))).toEqual([...WEB_CALL_ERROR_CODES]);
  },
};

/** Not in `error`: renders nothing. */
export const NoError: Story = {
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-call-error')).toBeNull();
  },
};

/** Your own hints (e.g. a help link) and a translated retry label. */
export const CustomHintsAndLabels: Story = {
  args: {
    hints: { microphone_permission_denied: 'Autorisez le micro : cliquez sur le cadenas, puis réessayez.' },
    labels: { retry: 'Réessayer' },
  },
  decorators: [withMockCall({ status: 'error', error: 'microphone_permission_denied' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('alert')).toHaveTextContent('cliquez sur le cadenas');
    await expect(canvas.getByRole('button', { name: 'Réessayer' })).toBeEnabled();
  },
};

/** `showRetry={false}` (what `CallPanel` does: its `CallButton` is the retry). */
export const WithoutRetry: Story = {
  args: { showRetry: false },
  decorators: [withMockCall({ status: 'error', error: 'network_error' })],
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('button')).not.toBeInTheDocument();
  },
};

const onAction = fn().mockName('store action');

function RecordingErrorCall({ children }: { children?: ReactNode }) {
  const [store] = useState(() => createMockCallStore({ status: 'error', error: 'network_error' }, onAction));
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

/** "Try again" runs your `onRetry`, then starts a new call (recorded by the mock store). */
export const RetryStartsACall: Story = {
  args: { onRetry: fn() },
  decorators: [
    (Story) => (
      <RecordingErrorCall>
        <Story />
      </RecordingErrorCall>
    ),
  ],
  beforeEach: () => {
    onAction.mockClear();
  },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Try again' }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
    await expect(onAction).toHaveBeenCalledWith('start');
  },
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'error', error: 'microphone_not_found' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};
