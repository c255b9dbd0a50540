'use client';
import type { ReactNode } from 'react';
import { WebCallContext } from './context.ts';
import { useOwnedCallStore, type WebCallOptions } from './useOwnedCallStore.ts';

/**
 * Props of {@link WebCallProvider}: the call's options plus children.
 *
 * @example
 * ```tsx
 * const props: WebCallProviderProps = { agentId: 'agent_123', endpoint: '/api/create-web-call' };
 * <WebCallProvider {...props}><CallPanel /></WebCallProvider>
 * ```
 */
export interface WebCallProviderProps extends WebCallOptions {
  children?: ReactNode;
}

/**
 * Owns one web call and shares it with everything inside: `useWebCall()`, `useCallState()`,
 * `<CallButton>`, `<CallPanel>` and the parts. Options are read when a call starts, so they may change
 * freely; callbacks always run the latest version. Unmounting ends a live call and releases the microphone.
 * Creating it costs nothing: no SDK, token or microphone until `start()`.
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123" endpoint="/api/create-web-call" onError={(e) => log(e.code)}>
 *   <CallButton />
 *   <MyTranscript />
 * </WebCallProvider>
 * ```
 */
export function WebCallProvider({ children, ...options }: WebCallProviderProps) {
  const store = useOwnedCallStore(options);
  return <WebCallContext.Provider value={store}>{children}</WebCallContext.Provider>;
}
