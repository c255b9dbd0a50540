// What an app imports to show a call: the initial-bundle budget in package.json "size-limit" measures this.
export { CallButton, CallPanel, useWebCall, WebCallProvider } from '../../dist/index.js';
