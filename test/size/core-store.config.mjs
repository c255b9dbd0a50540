import { bundleOf } from './esbuild.config.mjs';

export default bundleOf('./core-store.js');
