import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor } from 'storybook/test';
import { CallStatus, StartAudioButton } from '../src/index.ts';
import { createMockCallStore, MockWebCallProvider } from '../src/testing/index.ts';
import { withDarkTheme, withMockCall } from './support.tsx';

/**
 * "Tap to hear the agent": exists only while the browser refuses to play the agent (`audioBlocked`).
 * Its click calls `startAudioPlayback()` inside the gesture. Pair it with `CallStatus`, whose polite live
 * region says "Sound blocked by the browser", so screen-reader users learn the button appeared.
 */
const meta = {
  title: 'Parts/StartAudioButton',
  component: StartAudioButton,
} satisfies Meta<typeof StartAudioButton>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The mock store records the click; a store that unlocks audio clears `audioBlocked` and hides it. */
function UnlockingCall({ children }: { children?: React.ReactNode }) {
  const [store] = useState(() => {
    const created = createMockCallStore({ status: 'ongoing', audioBlocked: true }, (action) => {
      if (action === 'startAudioPlayback') created.set({ audioBlocked: false });
    });
    return created;
  });
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

export const Blocked: Story = {
  decorators: [withMockCall({ status: 'ongoing', audioBlocked: true })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Tap to hear the agent' });
    await expect(button).toHaveAttribute('data-audio-blocked');
    await expect(button).not.toHaveFocus();
  },
};

/** Audio plays: nothing is rendered. */
export const NotBlocked: Story = {
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-start-audio-button')).toBeNull();
  },
};

/** With the status line that announces it; a click unlocks audio and the button goes away. */
export const ClickToUnlock: Story = {
  render: (args) => (
    <UnlockingCall>
      <CallStatus showTimer={false} />
      <StartAudioButton {...args} />
    </UnlockingCall>
  ),
  play: async ({ canvas, userEvent }) => {
    await expect(canvas.getByRole('status')).toHaveTextContent('Sound blocked by the browser');
    await userEvent.click(canvas.getByRole('button', { name: 'Tap to hear the agent' }));
    await waitFor(() => expect(canvas.queryByRole('button', { name: 'Tap to hear the agent' })).toBeNull());
    await expect(canvas.getByRole('status')).toHaveTextContent('Connected');
  },
};

export const FrenchLabels: Story = {
  args: { labels: { startAudio: 'Touchez pour entendre l’agent' } },
  decorators: [withMockCall({ status: 'ongoing', audioBlocked: true })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Touchez pour entendre l’agent' })).toBeVisible();
  },
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing', audioBlocked: true }), withDarkTheme],
};
