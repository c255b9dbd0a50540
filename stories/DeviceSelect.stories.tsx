import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, waitFor } from 'storybook/test';
import { DeviceSelect } from '../src/index.ts';
import { withDarkTheme, withDevicesBeforePermission, withMockCall } from './support.tsx';

/**
 * A native `<select>` of microphones or speakers, built on `useMediaDevices`. In this Storybook's Chromium
 * (fake media flags) the microphone is allowed, so it lists Chromium's fake devices; the
 * `BeforePermission` story shows what a visitor sees before allowing the microphone.
 */
const meta = {
  title: 'Parts/DeviceSelect',
  component: DeviceSelect,
  args: { kind: 'audioinput' },
  decorators: [withMockCall({ status: 'idle' })],
} satisfies Meta<typeof DeviceSelect>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Microphone: Story = {
  play: async ({ canvas }) => {
    const select = canvas.getByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect(select.querySelectorAll('option').length).toBeGreaterThan(1));
  },
};

/** Hidden where the browser cannot choose a speaker (no `setSinkId`); Chromium can. */
export const Speaker: Story = {
  args: { kind: 'audiooutput' },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('combobox', { name: 'Speaker' })).toBeVisible();
  },
};

/** Before the microphone is allowed browsers hide device names: only "Default", and a hint. */
export const BeforePermission: Story = {
  decorators: [withDevicesBeforePermission],
  play: async ({ canvas }) => {
    const select = canvas.getByRole('combobox', { name: 'Microphone' });
    await waitFor(() => expect(select).toHaveAccessibleDescription('Allow the microphone to choose one'));
    await expect([...select.querySelectorAll('option')].map((o) => o.textContent)).toEqual(['Default']);
  },
};

/** Choosing a device during a call switches it live (here the mock store records `setInputDevice`). */
export const DuringACall: Story = {
  decorators: [withMockCall({ status: 'ongoing', inputDeviceId: 'default' })],
};

export const DarkMode: Story = {
  decorators: [withDarkTheme],
};
