/*
 * A model of livekit-client's join back-off (its `BackOffStrategy`, a module singleton it does not export), so
 * the UI can say how long the next join will wait instead of a frozen "Connecting…". Private to the lazily
 * loaded Retell adapter chunk.
 *
 * LiveKit's rule (livekit-client 2.23, `Room.connect`), per LiveKit Cloud project (the first label of a
 * `*.livekit.cloud` or `*.livekit.run` host; other hosts never wait):
 * - a join attempt that fails with reason `ServerUnreachable`, `InternalError` or `Timeout` counts one failure
 *   (each region a failover tries counts too), and starts a sleep of 500 ms · 2^(n−1), at most 15 s, from
 *   that moment (n = failures so far);
 * - the next join to the project first awaits that sleep; a join that connects resets the count.
 * Cancelled, refused (`NotAllowed`) and other failures change nothing.
 */

/** LiveKit's `CONNECTION_BACKOFF_MIN_MS` and `CONNECTION_BACKOFF_MAX_MS`. @internal */
export const LIVEKIT_BACKOFF_MIN_MS = 500;
/** @internal */
export const LIVEKIT_BACKOFF_MAX_MS = 15_000;

/**
 * `ConnectionErrorReason` values LiveKit counts towards the back-off: `ServerUnreachable` (1),
 * `InternalError` (2), `Timeout` (5). A unit test compares them with the installed package's enum. @internal
 */
export const LIVEKIT_BACKOFF_REASONS: ReadonlySet<number> = new Set([1, 2, 5]);

/**
 * The LiveKit Cloud project a join URL belongs to, as LiveKit keys its back-off: the first label of a
 * `*.livekit.cloud` or `*.livekit.run` host; null for any other host or an unparsable URL.
 * @internal
 */
export function liveKitProject(url: string): string | null {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return null;
  }
  if (!hostname.endsWith('.livekit.cloud') && !hostname.endsWith('.livekit.run')) return null;
  return hostname.split('.')[0] ?? null;
}

/**
 * Whether LiveKit counts `error` (what `Room.connect` rejected with) towards the back-off: a
 * `ConnectionError` whose numeric `reason` is one of {@link LIVEKIT_BACKOFF_REASONS}.
 * @internal
 */
export function countsTowardsBackoff(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const reason = (error as { reason?: unknown }).reason;
  return typeof reason === 'number' && LIVEKIT_BACKOFF_REASONS.has(reason);
}

/** LiveKit's sleep after the `failures`-th counted failure in a row (failures ≥ 1). @internal */
export function backoffDelayMs(failures: number): number {
  return Math.min(LIVEKIT_BACKOFF_MIN_MS * 2 ** (failures - 1), LIVEKIT_BACKOFF_MAX_MS);
}

/** How one `Room.connect()` ended. @internal */
export interface JoinOutcome {
  /** The URL the join dialled. */
  url: string;
  connected: boolean;
  /** What `connect()` rejected with (when not connected). */
  error: unknown;
  /** Regions tried: 1, plus one per region failover (each failed attempt counts). */
  attempts: number;
}

/**
 * The back-off state of every project, fed with how each join ended.
 * @internal
 */
export interface JoinBackoff {
  /** A join ended at `at` (epoch ms). */
  joinEnded(outcome: JoinOutcome, at: number): void;
  /** When a join to `url` starting at `now` will actually try (epoch ms), or null when it will not wait. */
  waitUntil(url: string, now: number): number | null;
}

/**
 * A fresh {@link JoinBackoff}. The adapter keeps one per page (LiveKit's is a module singleton too).
 * @internal
 */
export function createJoinBackoff(): JoinBackoff {
  const projects = new Map<string, { failures: number; until: number }>();
  return {
    joinEnded({ url, connected, error, attempts }, at) {
      const project = liveKitProject(url);
      if (project === null) return;
      if (connected) {
        projects.delete(project);
        return;
      }
      if (!countsTowardsBackoff(error)) return;
      const counted = Number.isFinite(attempts) && attempts > 1 ? Math.floor(attempts) : 1;
      const failures = (projects.get(project)?.failures ?? 0) + counted;
      projects.set(project, { failures, until: at + backoffDelayMs(failures) });
    },
    waitUntil(url, now) {
      const project = liveKitProject(url);
      const state = project === null ? undefined : projects.get(project);
      return state && state.until > now ? state.until : null;
    },
  };
}
