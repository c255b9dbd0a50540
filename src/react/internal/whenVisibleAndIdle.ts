/** How long `requestIdleCallback` may wait for an idle moment before the task runs anyway. */
const IDLE_TIMEOUT_MS = 2_000;
/** Where `requestIdleCallback` is missing (Safari before 18.4): run this long after the element shows. */
const IDLE_FALLBACK_MS = 200;

/**
 * Runs `task` once at the browser's next idle moment (`requestIdleCallback` with a timeout, so a busy page
 * still gets it; a short `setTimeout` where it does not exist). Returns the function that cancels it.
 * @internal
 */
export function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, IDLE_FALLBACK_MS);
  return () => clearTimeout(id);
}

/**
 * Runs `task` once: after `element` first intersects the viewport, at the browser's next idle moment
 * (`requestIdleCallback`, with a timeout so a busy page still gets it; a short `setTimeout` where it does
 * not exist). Without `IntersectionObserver` the element counts as visible at once. Returns a function that
 * cancels whatever is still pending.
 * @internal
 */
export function whenVisibleAndIdle(element: Element, task: () => void): () => void {
  if (typeof IntersectionObserver !== 'function') return whenIdle(task);
  let cancelIdle = () => {};
  const observer = new IntersectionObserver((entries) => {
    if (!entries.some((entry) => entry.isIntersecting)) return;
    observer.disconnect();
    cancelIdle = whenIdle(task);
  });
  observer.observe(element);
  return () => {
    observer.disconnect();
    cancelIdle();
  };
}

/** True when the user asked the browser to save data (`navigator.connection.saveData`). @internal */
export function prefersSavingData(): boolean {
  if (typeof navigator === 'undefined') return false;
  return (navigator as { connection?: { saveData?: boolean } }).connection?.saveData === true;
}
