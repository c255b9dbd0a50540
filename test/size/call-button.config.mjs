import { bundleOf } from './esbuild.config.mjs';

export default bundleOf('./call-button.js');
