import type { MutationOptions } from '@tanstack/react-query';
import type { WebCallResponse } from '../core/schemas.ts';
import { requestWebCallToken, type WebCallTokenRequest } from '../core/token.ts';

/**
 * The mutation key of every web-call token request, e.g. for `useIsMutating({ mutationKey })`.
 *
 * @example
 * ```ts
 * const requesting = useIsMutating({ mutationKey: webCallTokenMutationKey }) > 0;
 * ```
 */
export const webCallTokenMutationKey = ['retell-web-call', 'create-web-call'] as const;

/**
 * TanStack Query options for the token request, the way `useWebCall` runs it: a mutation (never cached,
 * `gcTime: 0`), never retried (a retried POST would create a second Retell call), and `networkMode:
 * 'always'` so an offline browser fails fast with `network_error` instead of pausing.
 *
 * @example
 * ```ts
 * const mutation = useMutation(webCallTokenMutationOptions());
 * const call = await mutation.mutateAsync({ body: { agent_id: 'agent_123' } });
 * ```
 */
export function webCallTokenMutationOptions(): TokenMutationOptions {
  return tokenMutationOptions(requestWebCallToken);
}

type TokenMutationOptions = MutationOptions<WebCallResponse, Error, WebCallTokenRequest> & {
  mutationKey: typeof webCallTokenMutationKey;
};

/**
 * {@link webCallTokenMutationOptions} with the request function given: the store's call engine hands over
 * `requestWebCallToken` when it runs, so the initial bundle does not carry it.
 * @internal
 */
export function tokenMutationOptions(
  mutationFn: (request: WebCallTokenRequest) => Promise<WebCallResponse>,
): TokenMutationOptions {
  return { mutationKey: webCallTokenMutationKey, mutationFn, retry: false, gcTime: 0, networkMode: 'always' };
}
