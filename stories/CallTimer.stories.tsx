import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { CallTimer } from '../src/index.ts';
import { withDarkTheme, withMockCall, withOngoingSince } from './support.tsx';

/** `mm:ss` since the call connected, only while ongoing (a `role="timer"`, not announced per tick). */
const meta = {
  title: 'Parts/CallTimer',
  component: CallTimer,
} satisfies Meta<typeof CallTimer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Ongoing: Story = {
  decorators: [withOngoingSince(83_000)],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer')).toHaveTextContent(/^Elapsed time 01:2\d$/);
  },
};

/** From one hour: `h:mm:ss`. */
export const OverAnHour: Story = {
  decorators: [withOngoingSince((3600 + 5 * 60 + 7) * 1000)],
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('timer')).toHaveTextContent(/1:05:\d\d$/);
  },
};

/** It ticks every second. */
export const Ticking: Story = {
  decorators: [withOngoingSince(0)],
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getByRole('timer')).toHaveTextContent(/00:0[1-9]$/), { timeout: 3000 });
  },
};

/** Not ongoing: renders nothing. */
export const Idle: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvas }) => {
    await expect(canvas.queryByRole('timer')).not.toBeInTheDocument();
  },
};

export const FrenchLabels: Story = {
  args: { labels: { elapsed: 'Durée' } },
  decorators: [withMockCall({ status: 'ongoing' })],
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing' }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};
