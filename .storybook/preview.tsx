import type { Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import '../src/styles.css';

const preview: Preview = {
  loaders: [mswLoader()],
  parameters: {
    // Accessibility violations fail the story tests (addon-vitest) and show in the a11y panel.
    a11y: { test: 'error' },
    controls: { matchers: { color: /(background|color)$/i } },
    layout: 'centered',
  },
  tags: ['autodocs'],
};
export default preview;
