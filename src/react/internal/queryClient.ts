import { QueryClient } from '@tanstack/react-query';

let privateClient: QueryClient | undefined;

/** The QueryClient used when the app has none: created on first need, shared by every call. @internal */
export function getPrivateQueryClient(): QueryClient {
  privateClient ??= new QueryClient();
  return privateClient;
}
