// Stand-in for the app's session library that the docs' server samples import as `./auth`.
export { getSessionUser, type SessionUser } from '../server/recipes/auth.ts';
