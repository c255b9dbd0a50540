// The app's shared Redis client in the docs/server.md recipes: ioredis here; a connected node-redis client
// (`await createClient({ url }).connect()`) works the same.
import { Redis } from 'ioredis';

export const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
