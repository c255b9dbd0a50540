// Injected before React loads (page.addInitScript): a minimal React DevTools global hook. React calls
// onCommitFiberRoot after every commit; we count commits and the fibers that did work in each:
//   - a component fiber (function, class, forwardRef, memo) counts when it rendered (PerformedWork flag);
//   - a host or text fiber counts when it mounted or was reconciled with new props;
// only inside subtrees React re-created in that commit (a bailed-out subtree keeps its old child pointer),
// the way React DevTools' profiler decides what rendered.
// A commit whose rendered fibers all sit inside an element matching __fibers.ignore (e.g. the call timer's
// own once-a-second tick, `[role="timer"]`) is counted apart, as `ignoredCommits`.
(() => {
  const PERFORMED_WORK = 1;
  const COMPONENT_TAGS = new Set([0, 1, 11, 14, 15]); // Function, Class, ForwardRef, Memo, SimpleMemo
  const HOST_TAGS = new Set([5, 6, 26, 27]); // HostComponent, HostText, HostHoistable, HostSingleton
  const stats = { commits: 0, fibers: 0, ignoredCommits: 0 };
  let ignore = null;

  /** Pushes every fiber that did work in this commit onto `into`. */
  const collectRendered = (fiber, into) => {
    const previous = fiber.alternate;
    if (COMPONENT_TAGS.has(fiber.tag)) {
      if (previous === null || (fiber.flags & PERFORMED_WORK) !== 0) into.push(fiber);
    } else if (HOST_TAGS.has(fiber.tag)) {
      if (previous === null || fiber.memoizedProps !== previous.memoizedProps) into.push(fiber);
    }
    if (previous !== null && fiber.child === previous.child) return into; // untouched subtree
    for (let child = fiber.child; child !== null; child = child.sibling) collectRendered(child, into);
    return into;
  };
  /** The DOM element a fiber renders into or inside of. */
  const elementOf = (fiber) => {
    for (let f = fiber; f !== null; f = f.return) if (f.tag === 5 || f.tag === 27) return f.stateNode;
    return null;
  };
  const ignored = (fiber) => Boolean(ignore && elementOf(fiber)?.closest?.(ignore));

  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject(renderer) {
      const id = this.renderers.size + 1;
      this.renderers.set(id, renderer);
      return id;
    },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id, root) {
      const rendered = collectRendered(root.current, []);
      if (rendered.length > 0 && rendered.every(ignored)) {
        stats.ignoredCommits++;
        return;
      }
      stats.commits++;
      stats.fibers += rendered.length;
    },
  };
  window.__fibers = {
    /** A CSS selector: commits that render only inside matching elements are counted apart. */
    set ignore(selector) {
      ignore = selector;
    },
    read: () => ({ ...stats }),
    reset: () => {
      stats.commits = 0;
      stats.fibers = 0;
      stats.ignoredCommits = 0;
    },
  };
})();
