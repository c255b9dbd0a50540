// Stand-in for the app's Redis client that the docs' server samples import as `./redis`.
export { redis } from '../server/recipes/redis.ts';
