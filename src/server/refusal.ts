import type { WebCallHandlerErrorEvent } from './errors.ts';
import type { GuardReason } from './responses.ts';

/** What a refusal tells the operator (`status` is the refusal's own). */
export type RefusalEvent = Omit<WebCallHandlerErrorEvent, 'status'>;

/**
 * A request the handler answers with an error: browser input (400, 405, 413, 415…, not reported) or a
 * guard or configuration refusal (`event` set: reported to `onError`).
 */
export class Refusal extends Error {
  readonly headers: Headers | undefined;
  readonly reason: GuardReason | undefined;
  readonly event: RefusalEvent | undefined;

  constructor(
    readonly status: number,
    message: string,
    details: { headers?: Headers; reason?: GuardReason; event?: RefusalEvent } = {},
  ) {
    super(message);
    this.headers = details.headers;
    this.reason = details.reason;
    this.event = details.event;
  }
}
