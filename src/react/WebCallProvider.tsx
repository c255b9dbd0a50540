'use client';
import type { ReactNode } from 'react';
import { WebCallContext } from './internal/context.ts';
import { useOwnedCallStore, type WebCallOptions } from './useOwnedCallStore.ts';
import { PreloadContext, type PreloadMode } from './usePreload.ts';

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
  /**
   * When the call controls inside (`CallButton`, `CallPanel`) start loading the Retell SDK chunk, unless
   * they say otherwise: on intent, also once on screen and idle (`'visible'`), or only at the click
   * (`'none'`). See {@link PreloadMode}. @defaultValue 'intent'
   */
  preload?: PreloadMode;
}

/**
 * Owns one web call and shares it with everything inside: `useWebCall()`, `useCallState()`,
 * `<CallButton>`, `<CallPanel>` and the parts. Options are read when a call starts, so they may change
 * freely; callbacks always run the latest version. Unmounting ends a live call and releases the microphone.
 * Creating it costs nothing: no SDK, token or microphone until `start()` (or a control's `preload`).
 *
 * @example
 * ```tsx
 * <WebCallProvider agentId="agent_123" endpoint="/api/create-web-call" onError={(e) => log(e.code)}>
 *   <CallButton />
 *   <MyTranscript />
 * </WebCallProvider>
 * ```
 */
export function WebCallProvider({ children, preload, ...options }: WebCallProviderProps) {
  const store = useOwnedCallStore(options);
  return (
    <WebCallContext.Provider value={store}>
      <PreloadContext.Provider value={preload}>{children}</PreloadContext.Provider>
    </WebCallContext.Provider>
  );
}
