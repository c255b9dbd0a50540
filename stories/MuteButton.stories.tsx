import type { Meta, StoryObj } from '@storybook/react-vite';
import { type ReactNode, useState } from 'react';
import { expect, fn } from 'storybook/test';
import { MuteButton } from '../src/index.ts';
import { createMockCallStore, MockWebCallProvider } from '../src/testing/index.ts';
import { withBrandTheme, withDarkTheme, withMockCall } from './support.tsx';

/** A native toggle button (`aria-pressed`) for the microphone, enabled only while the call is ongoing. */
const meta = {
  title: 'Parts/MuteButton',
  component: MuteButton,
} satisfies Meta<typeof MuteButton>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Not ongoing: disabled. */
export const Disabled: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Mute' })).toBeDisabled();
  },
};

export const Unmuted: Story = {
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Mute' });
    await expect(button).toBeEnabled();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await expect(button).not.toHaveAttribute('data-muted');
  },
};

export const Muted: Story = {
  decorators: [withMockCall({ status: 'ongoing', isMuted: true })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Mute' });
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(button).toHaveAttribute('data-muted');
  },
};

const onAction = fn().mockName('store action');

/** Switches the frozen store's `isMuted` on `toggleMute`, so the toggle can be tried by hand. */
function TogglingCall({ children }: { children?: ReactNode }) {
  const [store] = useState(() => {
    const mock = createMockCallStore({ status: 'ongoing' }, (action, ...args) => {
      onAction(action, ...args);
      if (action === 'toggleMute') mock.set({ isMuted: !mock.getSnapshot().isMuted });
    });
    return mock;
  });
  return <MockWebCallProvider store={store}>{children}</MockWebCallProvider>;
}

/** Click: `toggleMute`, and `aria-pressed` follows. */
export const Toggle: Story = {
  decorators: [
    (Story) => (
      <TogglingCall>
        <Story />
      </TogglingCall>
    ),
  ],
  beforeEach: () => {
    onAction.mockClear();
  },
  play: async ({ canvas, userEvent }) => {
    const button = canvas.getByRole('button', { name: 'Mute' });
    await userEvent.click(button);
    await expect(onAction).toHaveBeenCalledWith('toggleMute');
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await userEvent.click(button);
    await expect(button).toHaveAttribute('aria-pressed', 'false');
  },
};

export const FrenchLabels: Story = {
  args: { labels: { mute: 'Couper le micro' } },
  decorators: [withMockCall({ status: 'ongoing', isMuted: true })],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('button', { name: 'Couper le micro' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  },
};

/** A render function: the content follows `isMuted`, the name stays "Mute" (via `aria-label`). */
export const RenderFunction: Story = {
  args: {
    children: ({ isMuted, label }) => (
      <>
        <span aria-hidden="true">{isMuted ? '🔇' : '🎙️'}</span> {label}
      </>
    ),
  },
  decorators: [withMockCall({ status: 'ongoing', isMuted: true })],
};

export const AsChild: Story = {
  args: {
    asChild: true,
    children: (
      <button
        type="button"
        style={{ padding: '0.5rem 1rem', border: '2px solid #1b1d23', background: 'white', color: '#1b1d23' }}
      />
    ),
  },
  decorators: [withMockCall({ status: 'ongoing' })],
  play: async ({ canvas }) => {
    const button = canvas.getByRole('button', { name: 'Mute' });
    await expect(button).toHaveClass('rwc-mute-button');
    await expect(button).toHaveAttribute('aria-pressed', 'false');
  },
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const DarkModeMuted: Story = {
  decorators: [withMockCall({ status: 'ongoing', isMuted: true }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const CustomStyling: Story = {
  decorators: [withMockCall({ status: 'ongoing', isMuted: true }), withBrandTheme],
};
