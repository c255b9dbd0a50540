// A call without React, from the framework-free entry: the "createCallStore from ./core" budget in
// package.json "size-limit" measures this.
export { createCallStore } from '../../dist/core.js';
