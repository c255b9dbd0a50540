import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect } from 'storybook/test';
import { AgentIndicator } from '../src/index.ts';
import { withBrandTheme, withDarkTheme, withMockCall } from './support.tsx';

/** Three decorative dots that bounce while the agent talks, with screen-reader text while ongoing. */
const meta = {
  title: 'Parts/AgentIndicator',
  component: AgentIndicator,
} satisfies Meta<typeof AgentIndicator>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Idle: Story = {
  decorators: [withMockCall({ status: 'idle' })],
  play: async ({ canvasElement }) => {
    const indicator = canvasElement.querySelector('.rwc-agent-indicator');
    await expect(indicator).toHaveAttribute('data-status', 'idle');
    await expect(indicator).toHaveTextContent('');
  },
};

export const Listening: Story = {
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: false })],
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('Agent is listening')).toBeInTheDocument();
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).not.toHaveAttribute(
      'data-agent-talking',
    );
  },
};

export const AgentTalking: Story = {
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: true })],
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText('Agent is speaking')).toBeInTheDocument();
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-agent-talking');
  },
};

export const FrenchLabels: Story = {
  args: { labels: { speaking: "L'agent parle", listening: "L'agent écoute" } },
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: true })],
  play: async ({ canvas }) => {
    await expect(canvas.getByText("L'agent parle")).toBeInTheDocument();
  },
};

/** `children` replace the dots (the state stays in `data-agent-talking` for your CSS). */
export const CustomChildren: Story = {
  args: { children: <span aria-hidden="true">🗣️</span> },
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: true })],
};

export const DarkMode: Story = {
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: true }), withDarkTheme],
  parameters: { layout: 'fullscreen' },
};

export const CustomStyling: Story = {
  decorators: [withMockCall({ status: 'ongoing', isAgentTalking: true }), withBrandTheme],
};

/** `data-turn="user"`: Retell says it is the user's turn (style it, e.g., to prompt the user to speak). */
export const UsersTurn: Story = {
  decorators: [withMockCall({ status: 'ongoing', turn: 'user' })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-turn', 'user');
  },
};

export const AgentsTurn: Story = {
  decorators: [withMockCall({ status: 'ongoing', turn: 'agent', isAgentTalking: true })],
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector('.rwc-agent-indicator')).toHaveAttribute('data-turn', 'agent');
  },
};
