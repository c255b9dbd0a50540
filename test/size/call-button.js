// One drop-in button: the "CallButton alone" budget in package.json "size-limit" measures this.
export { CallButton } from '../../dist/index.js';
