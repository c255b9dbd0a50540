// A minimal local shim of what Next.js (App Router) checks in a route module (next is not installed
// here): only the HTTP-method names and a few config names may be exported, and each method export must
// be a function taking the request and a `{ params }` context and returning a Response.
import type * as authorizeSession from './authorize-session';
import type * as nextRoute from './next-route';
import type * as protectedRoute from './protected-route';

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };
type AppRouteHandler = (request: Request, context: RouteContext) => Response | Promise<Response>;
type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
type RouteConfigName =
  | 'dynamic'
  | 'dynamicParams'
  | 'revalidate'
  | 'fetchCache'
  | 'runtime'
  | 'preferredRegion'
  | 'maxDuration';

/** `never` unless every export of `M` is a route method handler or a config value. */
type CheckRouteModule<M> = {
  [K in keyof M]: K extends HttpMethod ? AppRouteHandler : K extends RouteConfigName ? unknown : never;
};

export const nextRouteExports: CheckRouteModule<typeof nextRoute> = {} as typeof nextRoute;
export const protectedRouteExports: CheckRouteModule<typeof protectedRoute> = {} as typeof protectedRoute;
export const authorizeSessionExports: CheckRouteModule<typeof authorizeSession> =
  {} as typeof authorizeSession;
