/** How long `requestIdleCallback` may wait for an idle moment before the task runs anyway. */
const IDLE_TIMEOUT_MS = 2_000;
/** Where `requestIdleCallback` is missing (Safari before 18.4): run this long after the element shows. */
const IDLE_FALLBACK_MS = 200;

/**
 * Runs `task` once: after `element` first intersects the viewport, at the browser's next idle moment
 * (`requestIdleCallback`, with a timeout so a busy page still gets it; a short `setTimeout` where it does
 * not exist). Without `IntersectionObserver` the element counts as visible at once. Returns a function that
 * cancels whatever is still pending.
 * @internal
 */
export function whenVisibleAndIdle(element: Element, task: () => void): () => void {
  let observer: IntersectionObserver | undefined;
  let cancelIdle: (() => void) | undefined;
  const whenIdle = () => {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(() => task(), { timeout: IDLE_TIMEOUT_MS });
      cancelIdle = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(task, IDLE_FALLBACK_MS);
      cancelIdle = () => clearTimeout(id);
    }
  };
  if (typeof IntersectionObserver !== 'function') whenIdle();
  else {
    observer = new IntersectionObserver((entries) => {
      if (!observer || !entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      observer = undefined;
      whenIdle();
    });
    observer.observe(element);
  }
  return () => {
    observer?.disconnect();
    observer = undefined;
    cancelIdle?.();
    cancelIdle = undefined;
  };
}

/** True when the user asked the browser to save data (`navigator.connection.saveData`). @internal */
export function prefersSavingData(): boolean {
  if (typeof navigator === 'undefined') return false;
  return (navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true;
}
