import { bundleOf } from './esbuild.config.mjs';

export default bundleOf('./use-web-call.js');
