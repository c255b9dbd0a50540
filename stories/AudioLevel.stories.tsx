import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { AudioLevel } from '../src/index.ts';
import {
  LiveAudioMockCall,
  LiveInputLevelMockCall,
  withBrandTheme,
  withDarkTheme,
  withMockCall,
} from './support.tsx';

/**
 * A level meter of the agent's voice. Audio samples never go through React: the meter writes
 * `--rwc-audio-level` and `data-level` per animation frame. Here a decorator feeds it samples through
 * `createMockCallStore().emitAudio`.
 */
const meta = {
  title: 'Parts/AudioLevel',
  component: AudioLevel,
} satisfies Meta<typeof AudioLevel>;
export default meta;
type Story = StoryObj<typeof meta>;

const withLiveAudio: NonNullable<Story['decorators']> = [
  (Story) => (
    <LiveAudioMockCall state={{ status: 'ongoing', isAgentTalking: true }}>
      <Story />
    </LiveAudioMockCall>
  ),
];

export const Idle: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvasElement }) => {
    const meter = canvasElement.querySelector('.rwc-audio-level');
    await expect(meter).toHaveAttribute('aria-hidden', 'true');
    await expect(meter?.querySelectorAll('.rwc-audio-level__bar')).toHaveLength(5);
  },
};

/** The agent talks: the level moves with the samples. */
export const AgentTalking: Story = {
  decorators: withLiveAudio,
  play: async ({ canvasElement }) => {
    const meter = canvasElement.querySelector<HTMLElement>('.rwc-audio-level');
    await expect(meter).toHaveAttribute('data-active');
    await waitFor(() => expect(Number(meter?.dataset.level)).toBeGreaterThan(0.1));
    await expect(meter?.style.getPropertyValue('--rwc-audio-level')).not.toBe('');
  },
};

export const NineBars: Story = {
  args: { bars: 9 },
  decorators: withLiveAudio,
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelectorAll('.rwc-audio-level__bar')).toHaveLength(9);
  },
};

/** Ongoing but silent: the bars rest. */
export const Silent: Story = {
  decorators: [withMockCall({ status: 'ongoing' })],
};

export const DarkMode: Story = {
  decorators: [...withLiveAudio, withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const CustomStyling: Story = {
  args: { bars: 7 },
  decorators: [...withLiveAudio, withBrandTheme],
};

/** `source="user"`: the microphone's level (the store's `subscribeInputLevel`), here a pulsing fake. */
export const UserMicrophone: Story = {
  args: { source: 'user' },
  decorators: [
    (Story) => (
      <LiveInputLevelMockCall state={{ status: 'ongoing' }}>
        <Story />
      </LiveInputLevelMockCall>
    ),
  ],
  play: async ({ canvasElement }) => {
    const meter = canvasElement.querySelector<HTMLElement>('.rwc-audio-level');
    await expect(meter).toHaveAttribute('data-source', 'user');
    await waitFor(() => expect(Number(meter?.dataset.level)).toBeGreaterThan(0.1));
  },
};

/** The user's meter while muted: it rests (the microphone sends nothing). */
export const UserMuted: Story = {
  args: { source: 'user' },
  decorators: [withMockCall({ status: 'ongoing', isMuted: true })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-audio-level')).not.toHaveAttribute('data-active');
  },
};
