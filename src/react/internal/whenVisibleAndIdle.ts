/**
 * Runs `task` once at the browser's next idle moment (`requestIdleCallback` with a timeout, so a busy page
 * still gets it; a short `setTimeout` where it does not exist). Returns the function that cancels it.
 * @internal
 */
export function whenIdle(task: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    // 2 s: how long it may wait for an idle moment before the task runs anyway.
    const id = requestIdleCallback(task, { timeout: 2_000 });
    return () => cancelIdleCallback(id);
  }
  // No `requestIdleCallback` (Safari before 18.4): run 200 ms later.
  const id = setTimeout(task, 200);
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
  // `globalThis.navigator`: undefined on a server without one, where `navigator` alone would throw.
  return (
    (globalThis.navigator as { connection?: { saveData?: boolean } } | undefined)?.connection?.saveData ===
    true
  );
}
