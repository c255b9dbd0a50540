/** The path of Debian's redis-server (or `REDIS_SERVER_PATH`). */
export declare const REDIS_SERVER_PATH: string;
/** Makes sure `redis-server` exists (installing it with apt as root); returns its path or throws. */
export declare function ensureRedisServer(): string;
