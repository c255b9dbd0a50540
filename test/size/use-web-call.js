// A custom UI on the hook alone: the "useWebCall alone" budget in package.json "size-limit" measures this.
export { useWebCall } from '../../dist/index.js';
