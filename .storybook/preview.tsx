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
    // Storybook reads this statically: a literal list (the docs pages' titles are in stories/docs/docLinks.ts).
    options: {
      storySort: {
        order: [
          'Introduction',
          'Docs',
          [
            'Getting started',
            'Components',
            'Hooks and a custom UI',
            'Errors and recovery',
            'Real calls',
            'Server handler',
            'Testing your UI',
            'SSR and Next.js',
            'Retell API versions',
            'Performance and bundle size',
            'Accessibility',
            'Contributing',
            'Changelog',
          ],
          'Components',
          'Parts',
          'Recipes',
        ],
      },
    },
  },
  tags: ['autodocs'],
};
export default preview;
