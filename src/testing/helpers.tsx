'use client';
import { type ReactNode, useState } from 'react';
import type { WebCallResponse } from '../core/schemas.ts';
import type { GetAccessToken } from '../core/token.ts';
import { WebCallProvider, type WebCallProviderProps } from '../react/WebCallProvider.tsx';
import {
  type SimulatedClient,
  type SimulatedClientFactory,
  type SimulatedClientOptions,
  simulatedClientFactory,
} from './simulatedClient.ts';

/**
 * What {@link createTestWebCallOptions} takes: the simulated client's options plus the fake token's.
 *
 * @example
 * ```ts
 * const input: TestWebCallOptionsInput = { agentId: 'agent_test', tokenDelayMs: 50, timing: FAST_TIMING };
 * ```
 */
export interface TestWebCallOptionsInput extends SimulatedClientOptions {
  /** The agent the fake token names when the request has no `agent_id`. @defaultValue 'agent_simulated' */
  agentId?: string;
  /** Fields merged into every fake create-web-call response (e.g. `metadata`, `agent_name`). */
  response?: Partial<WebCallResponse>;
  /** How long the fake token request takes, in ms. @defaultValue 0 */
  tokenDelayMs?: number;
  /** Makes the token request fail with this (a `WebCallError` is kept; anything else becomes `network_error`). */
  tokenError?: unknown;
}

/**
 * Options for a `WebCallProvider` / `useWebCall` / `createCallStore` that need no network, no Retell
 * account and no microphone; `createClient.last` is the simulated client of the latest call.
 *
 * @example
 * ```ts
 * const options: TestWebCallOptions = createTestWebCallOptions();
 * options.createClient.last?.hangUp();
 * ```
 */
export interface TestWebCallOptions {
  agentId: string;
  createClient: SimulatedClientFactory;
  getAccessToken: GetAccessToken;
  checkMicrophone: false;
}

let responseCount = 0;

/**
 * A fake create-web-call v2 response, shaped like Retell's (`call_type: 'web_call'`, `access_token`,
 * `call_id`, `agent_id`, `agent_version`, `call_status: 'registered'`), with `overrides` merged in.
 *
 * @example
 * ```ts
 * const response = createSimulatedWebCallResponse({ agent_id: 'agent_123', call_id: 'call_1' });
 * // { call_type: 'web_call', access_token: 'simulated_access_token_call_1', call_id: 'call_1', … }
 * ```
 */
export function createSimulatedWebCallResponse(overrides: Partial<WebCallResponse> = {}): WebCallResponse {
  const callId = overrides.call_id ?? `call_simulated_${++responseCount}`;
  return {
    call_type: 'web_call',
    access_token: `simulated_access_token_${callId}`,
    call_id: callId,
    agent_id: 'agent_simulated',
    agent_version: 0,
    call_status: 'registered',
    agent_name: 'Simulated agent',
    ...overrides,
  };
}

/**
 * Everything a `WebCallProvider` (or `useWebCall`, or `createCallStore`) needs to run a simulated call in a
 * test: a `createClient` making simulated clients (audio `'off'` unless you say otherwise), a
 * `getAccessToken` answering with a fake create-web-call response, and `checkMicrophone: false`.
 *
 * @example
 * ```tsx
 * const options = createTestWebCallOptions({ failure: { connect: 'error' } });
 * render(<WebCallProvider {...options}><MyCallUi /></WebCallProvider>);
 * await user.click(screen.getByRole('button', { name: 'Call' }));
 * expect(await screen.findByRole('alert')).toHaveTextContent('could not connect');
 * ```
 */
export function createTestWebCallOptions(input: TestWebCallOptionsInput = {}): TestWebCallOptions {
  const { agentId = 'agent_simulated', response, tokenDelayMs = 0, tokenError, ...simulation } = input;
  const createClient = simulatedClientFactory({ ...simulation, audio: simulation.audio ?? 'off' });
  let count = 0;
  const getAccessToken: GetAccessToken = ({ body, signal }) =>
    new Promise((resolve, reject) => {
      // Like fetch: an already-aborted signal rejects at once, with its reason.
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      const answer = () => {
        signal.removeEventListener('abort', onAbort);
        if (signal.aborted) return; // Already rejected by onAbort.
        if (tokenError !== undefined) {
          reject(tokenError);
          return;
        }
        count++;
        resolve(
          createSimulatedWebCallResponse({
            call_id: `call_simulated_${count}`,
            agent_id: body.agent_id ?? agentId,
            ...(body.agent_version !== undefined && { agent_version: body.agent_version }),
            ...(body.metadata !== undefined && { metadata: body.metadata }),
            ...(body.retell_llm_dynamic_variables !== undefined && {
              retell_llm_dynamic_variables: body.retell_llm_dynamic_variables,
            }),
            ...response,
          }),
        );
      };
      signal.addEventListener('abort', onAbort, { once: true });
      if (tokenDelayMs > 0) timer = setTimeout(answer, tokenDelayMs);
      else queueMicrotask(answer);
    });
  return { agentId, createClient, getAccessToken, checkMicrophone: false };
}

/**
 * Props of {@link WebCallTestProvider}: a `WebCallProvider`'s, plus `simulation` (read once, on mount).
 *
 * @example
 * ```tsx
 * const props: WebCallTestProviderProps = { simulation: { timing: FAST_TIMING }, onError: console.error };
 * ```
 */
export interface WebCallTestProviderProps extends WebCallProviderProps {
  /** How the simulated call behaves; see {@link createTestWebCallOptions}. */
  simulation?: TestWebCallOptionsInput;
}

/**
 * A `WebCallProvider` whose calls are simulated: no network, no Retell account, no microphone. Provider
 * props given explicitly (`createClient`, `getAccessToken`, callbacks…) win over the simulated ones.
 *
 * @example
 * ```tsx
 * render(
 *   <WebCallTestProvider simulation={{ script: [{ role: 'agent', text: 'Hello!' }] }}>
 *     <CallPanel />
 *   </WebCallTestProvider>,
 * );
 * ```
 */
export function WebCallTestProvider({ simulation, children, ...props }: WebCallTestProviderProps) {
  const [options] = useState(() => createTestWebCallOptions(simulation));
  return (
    <WebCallProvider {...options} {...props}>
      {children}
    </WebCallProvider>
  );
}

/**
 * A Testing Library `wrapper` (a component taking `children`) that also exposes the simulated clients it
 * made.
 *
 * @example
 * ```ts
 * const wrapper: WebCallWrapper = createWebCallWrapper();
 * wrapper.last?.hangUp();
 * ```
 */
export interface WebCallWrapper {
  (props: { children?: ReactNode }): ReactNode;
  /** The options the wrapper's provider runs with. */
  readonly options: TestWebCallOptions;
  /** Every simulated client made so far, oldest first. */
  readonly clients: readonly SimulatedClient[];
  /** The simulated client of the latest call. */
  readonly last: SimulatedClient | undefined;
}

/**
 * Makes a `wrapper` for Testing Library's `render` / `renderHook`: a `WebCallProvider` running simulated
 * calls made from `simulation`, with extra provider props (callbacks, `agentId`…). Each wrapper has its own
 * clients, reachable as `wrapper.last` / `wrapper.clients`.
 *
 * @example
 * ```tsx
 * const wrapper = createWebCallWrapper({ timing: FAST_TIMING }, { onError });
 * const { result } = renderHook(() => useWebCall(), { wrapper });
 * act(() => void result.current.start());
 * await waitFor(() => expect(result.current.status).toBe('ongoing'));
 * act(() => wrapper.last?.hangUp());
 * expect(result.current.endedBy).toBe('remote');
 * ```
 */
export function createWebCallWrapper(
  simulation: TestWebCallOptionsInput = {},
  providerProps: Omit<WebCallProviderProps, 'children'> = {},
): WebCallWrapper {
  const options = createTestWebCallOptions(simulation);
  // biome-ignore lint/correctness/noComponentHookFactories: made once per test, outside any render (a Testing Library wrapper).
  function SimulatedWebCallWrapper({ children }: { children?: ReactNode }) {
    return (
      <WebCallProvider {...options} {...providerProps}>
        {children}
      </WebCallProvider>
    );
  }
  Object.defineProperties(SimulatedWebCallWrapper, {
    options: { value: options, enumerable: true },
    clients: { get: () => options.createClient.clients, enumerable: true },
    last: { get: () => options.createClient.last, enumerable: true },
  });
  return SimulatedWebCallWrapper as WebCallWrapper;
}
