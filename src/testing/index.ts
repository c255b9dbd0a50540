/**
 * retell-web-call-react/testing: a simulated Retell call client (scripted agent, synthesized voice,
 * Retell-shaped events, failure injection) and helpers to test UIs built on retell-web-call-react without a
 * Retell account or network. Safe to import in Node and SSR: nothing touches browser APIs until a call
 * starts.
 * @packageDocumentation
 */

export { canUseSimulatedAudio } from './audio.ts';
export type {
  TestWebCallOptions,
  TestWebCallOptionsInput,
  WebCallTestProviderProps,
  WebCallWrapper,
} from './helpers.tsx';
export {
  createSimulatedWebCallResponse,
  createTestWebCallOptions,
  createWebCallWrapper,
  WebCallTestProvider,
} from './helpers.tsx';
export type {
  MockCallAction,
  MockCallState,
  MockCallStore,
  MockWebCallProviderProps,
} from './mockCall.tsx';
export { createMockCallStore, MockWebCallProvider, mockCallSnapshot } from './mockCall.tsx';
export type { SimulatedNode, SimulatedScript, SimulatedTiming, SimulatedTurn } from './script.ts';
export { DEFAULT_SCRIPT, DEFAULT_TIMING, FAST_TIMING, simulatedCallDurationMs } from './script.ts';
export type {
  SimulatedCallState,
  SimulatedClient,
  SimulatedClientFactory,
  SimulatedClientOptions,
  SimulatedFailures,
} from './simulatedClient.ts';
export { createSimulatedClient, SDK_START_ERROR, simulatedClientFactory } from './simulatedClient.ts';
