import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ComponentPropsWithoutRef, forwardRef, type ReactNode, useState } from 'react';
import { expect, fn, waitFor } from 'storybook/test';
import { CallButton, type CallStatus, DEFAULT_CALL_BUTTON_LABELS } from '../src/index.ts';
import { createMockCallStore, MockWebCallProvider } from '../src/testing/index.ts';
import {
  CALL_TIMEOUT,
  STORY_AGENT_ID,
  storyClientFactory,
  TOKEN_ENDPOINT,
  tokenOk,
  withBrandTheme,
  withDarkTheme,
  withMockCall,
} from './support.tsx';

/**
 * The one button that starts, cancels and ends the call. Static stories freeze the call in a status with
 * `MockWebCallProvider`; `Interactive` owns a real (simulated) call built from its props.
 */
const meta = {
  title: 'Components/CallButton',
  component: CallButton,
} satisfies Meta<typeof CallButton>;
export default meta;
type Story = StoryObj<typeof meta>;

function statusStory(status: CallStatus, extra: { busy?: boolean; disabled?: boolean } = {}): Story {
  return {
    decorators: [withMockCall({ status })],
    play: async ({ canvas }) => {
      const button = canvas.getByRole('button', { name: DEFAULT_CALL_BUTTON_LABELS[status] });
      await expect(button).toHaveAttribute('data-status', status);
      if (extra.busy) await expect(button).toHaveAttribute('aria-busy', 'true');
      else await expect(button).not.toHaveAttribute('aria-busy');
      if (extra.disabled) await expect(button).toBeDisabled();
      else await expect(button).toBeEnabled();
    },
  };
}

// ------------------------------------------------------------------------------------------ every status

export const Idle = statusStory('idle');
export const Requesting = statusStory('requesting', { busy: true });
export const Connecting = statusStory('connecting', { busy: true });
export const Ongoing = statusStory('ongoing');
export const Ending = statusStory('ending', { disabled: true });
export const Ended = statusStory('ended');
export const ErrorState: Story = { ...statusStory('error'), name: 'Error' };

const onAction = fn().mockName('store action');

/** A call frozen in `ongoing` whose store records the actions it is asked for. */
function RecordingCall({ children }: { children?: ReactNode }) {
  const [store] = useState(() => createMockCallStore({ status: 'ongoing' }, onAction));
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

/** Your `onClick` runs first, then the button asks the call to stop (recorded by the mock store). */
export const ClickEndsTheCall: Story = {
  args: { onClick: fn() },
  decorators: [
    (Story) => (
      <RecordingCall>
        <Story />
      </RecordingCall>
    ),
  ],
  beforeEach: () => {
    onAction.mockClear();
  },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'End call' }));
    await expect(args.onClick).toHaveBeenCalledTimes(1);
    await expect(onAction).toHaveBeenCalledWith('stop');
  },
};

// ------------------------------------------------------------------------------------------ labels and content

export const FrenchLabels: Story = {
  args: {
    labels: { idle: 'Appeler', requesting: 'Connexion…', connecting: 'Connexion…', ongoing: 'Raccrocher' },
  },
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Appeler' })).toBeEnabled();
  },
};

/** A render function decides the content and the name: here an icon plus the status label. */
export const RenderFunction: Story = {
  args: {
    children: ({ status, label }) => (
      <>
        <PhoneIcon status={status} /> {label}
      </>
    ),
  },
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'End call' })).toBeInTheDocument();
  },
};

/** Static content (an icon only) keeps the status label as the accessible name (`aria-label`). */
export const IconOnly: Story = {
  args: { children: <PhoneIcon status="idle" />, style: { minWidth: 0 } },
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Start call' })).toHaveAttribute(
      'aria-label',
      'Start call',
    );
  },
};

// ------------------------------------------------------------------------------------------ asChild

/** A design-system button, as an app would have one. */
const DsButton = forwardRef<
  HTMLButtonElement,
  ComponentPropsWithoutRef<'button'> & { tone?: 'primary' | 'ghost' }
>(function DsButton({ tone = 'primary', style, ...props }, ref) {
  return (
    <button
      ref={ref}
      type="button"
      {...props}
      style={{
        padding: '0.6rem 1.4rem',
        border: '2px solid #3b1f8f',
        borderRadius: '999px',
        background: tone === 'primary' ? '#3b1f8f' : 'transparent',
        color: tone === 'primary' ? '#ffffff' : '#3b1f8f',
        font: '600 1rem system-ui, sans-serif',
        letterSpacing: '0.02em',
        cursor: 'pointer',
        ...style,
      }}
    />
  );
});

/** `asChild`: our props, handlers and ref merge into your button; an empty child gets the label. */
export const AsChildDesignSystemButton: Story = {
  args: { asChild: true, children: <DsButton tone="primary" /> },
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Start call' });
    await expect(button).toHaveClass('rwc-call-button');
    await expect(button).toHaveAttribute('data-status', 'idle');
    await expect(button).toHaveTextContent('Start call');
  },
};

/**
 * `asChild` with a child that has its own content (an icon): the status label becomes its `aria-label`.
 * Keep such content non-textual (or make its text match the label): visible text that differs from the
 * accessible name fails WCAG 2.5.3 "Label in Name" (axe `label-content-name-mismatch`).
 */
export const AsChildWithIcon: Story = {
  args: {
    asChild: true,
    children: (
      <DsButton tone="ghost" style={{ padding: '0.6rem' }}>
        <PhoneIcon status="connecting" />
      </DsButton>
    ),
  },
  decorators: [withMockCall({ status: 'connecting' })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Cancel' });
    await expect(button).toHaveAttribute('aria-busy', 'true');
    await expect(button).toHaveAttribute('aria-label', 'Cancel');
  },
};

// ------------------------------------------------------------------------------------------ look

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'idle' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const DarkModeOngoing: Story = {
  decorators: [withMockCall({ status: 'ongoing' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const CustomStyling: Story = {
  decorators: [withMockCall({ status: 'idle' }), withBrandTheme],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Start call' });
    await expect(getComputedStyle(button).backgroundColor).toBe('rgb(10, 107, 70)');
  },
};

// ------------------------------------------------------------------------------------------ interactive

const buttonClient = storyClientFactory();

/** Standalone: the button owns a simulated call made from its props. Play: start → ongoing → end. */
export const Interactive: Story = {
  args: {
    agentId: STORY_AGENT_ID,
    endpoint: TOKEN_ENDPOINT,
    checkMicrophone: false,
    onCallStart: fn(),
    onCallEnd: fn(),
  },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallButton {...args} createClient={buttonClient} />,
  play: async ({ args, canvas, userEvent, step }) => {
    const button = canvas.getByRole('button', { name: 'Start call' });
    await step('Start', async () => {
      await userEvent.click(button);
      await expect(button).toHaveAttribute('aria-busy', 'true');
      await waitFor(() => expect(button).toHaveAttribute('data-status', 'ongoing'), CALL_TIMEOUT);
      await expect(button).toHaveAccessibleName('End call');
      await expect(args.onCallStart).toHaveBeenCalledTimes(1);
    });
    await step('End', async () => {
      await userEvent.click(button);
      await waitFor(() => expect(button).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
      await expect(button).toHaveAccessibleName('Start call');
      await expect(args.onCallEnd).toHaveBeenCalledWith(expect.objectContaining({ endedBy: 'user' }));
    });
  },
};

const hangingClient = storyClientFactory({ failure: { connect: 'hang' } });

/** A click while connecting cancels the call: the label says "Cancel", `aria-busy` says it is busy. */
export const CancelWhileConnecting: Story = {
  args: { agentId: STORY_AGENT_ID, endpoint: TOKEN_ENDPOINT, checkMicrophone: false, onError: fn() },
  parameters: { msw: { handlers: [tokenOk] } },
  render: (args) => <CallButton {...args} createClient={hangingClient} />,
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Start call' });
    await userEvent.click(button);
    await expect(button).toHaveAccessibleName('Cancel');
    await userEvent.click(button);
    await waitFor(() => expect(button).toHaveAttribute('data-status', 'ended'), CALL_TIMEOUT);
    await expect(button).toHaveAccessibleName('Start call');
    await expect(args.onError).not.toHaveBeenCalled();
  },
};

function PhoneIcon({ status }: { status: CallStatus }) {
  const hangUp = status === 'ongoing' || status === 'ending';
  return (
    <svg
      aria-hidden="true"
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="currentColor"
      style={{ transform: hangUp ? 'rotate(135deg)' : undefined }}
    >
      <path d="M6.6 10.8a15.2 15.2 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.46.57 3.6a1 1 0 0 1-.25 1z" />
    </svg>
  );
}
