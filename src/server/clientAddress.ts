/**
 * The socket address the Node adapter saw, carried on the Fetch `Request` it builds (a Fetch `Request` has
 * no client address of its own). A `Symbol.for` key, so two copies of the package still agree.
 */

const CLIENT_ADDRESS = Symbol.for('retell-web-call-react/server.clientAddress');

/** Records the socket address of `request` (called by the Node adapter only). */
export function rememberClientAddress(request: Request, address: string): void {
  Object.defineProperty(request, CLIENT_ADDRESS, { value: address, enumerable: false });
}

/** The socket address the Node adapter recorded, or `undefined` outside the adapter. */
export function clientAddressOf(request: Request): string | undefined {
  const value: unknown = (request as unknown as Record<symbol, unknown>)[CLIENT_ADDRESS];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
