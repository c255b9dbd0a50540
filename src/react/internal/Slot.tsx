'use client';
import {
  Children,
  cloneElement,
  forwardRef,
  type HTMLAttributes,
  type ReactElement,
  type ReactNode,
  type Ref,
  type RefCallback,
  useMemo,
  version,
} from 'react';

/** Props of {@link Slot}. @internal */
export interface SlotProps extends HTMLAttributes<HTMLElement> {
  children?: ReactNode;
  type?: string;
}

type AnyProps = Record<string, unknown>;

function setRef<T>(ref: Ref<T> | undefined, value: T | null): void {
  if (typeof ref === 'function') ref(value);
  else if (ref) (ref as { current: T | null }).current = value;
}

/** React 19 runs the cleanup a callback ref returns; React 18 warns about one. */
const REF_CLEANUPS = Number(version.split('.')[0]) >= 19;

/**
 * One callback ref that sets every given ref. It returns a cleanup (React 19 calls it instead of the ref with
 * `null`): each callback ref's own cleanup when it returned one, else that ref set to `null`. On React 18 it
 * returns nothing and React calls it with `null`, which sets every ref to `null`. @internal
 */
export function composeRefs<T>(...refs: Array<Ref<T> | undefined>): RefCallback<T> {
  if (!REF_CLEANUPS) {
    return (value) => {
      for (const ref of refs) setRef(ref, value);
    };
  }
  return (value) => {
    const cleanups = refs.map((ref) => {
      if (typeof ref !== 'function') {
        setRef(ref, value);
        return () => setRef(ref, null);
      }
      const cleanup: unknown = ref(value);
      return typeof cleanup === 'function' ? (cleanup as () => void) : () => ref(null);
    });
    return () => {
      for (const cleanup of cleanups) cleanup();
    };
  };
}

/**
 * Slot props first, child props win (an `undefined` child prop keeps the slot's); handlers run child first,
 * then ours (the child's result is returned); className and style merge.
 */
function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const key in childProps) {
    const ours = slotProps[key];
    const theirs = childProps[key];
    if (theirs === undefined) merged[key] = ours;
    else if (typeof ours === 'function' && typeof theirs === 'function' && /^on[A-Z]/.test(key)) {
      merged[key] = (...args: unknown[]) => {
        const result = theirs(...args);
        ours(...args);
        return result;
      };
    } else if (key === 'style' && ours && theirs)
      merged[key] = { ...(ours as object), ...(theirs as object) };
    else if (key === 'className' && ours && theirs) merged[key] = `${ours} ${theirs}`;
  }
  return merged;
}

/**
 * Renders its only child element with the slot's props merged in (the `asChild` pattern of Radix), so a
 * design-system button can be the element. Our event handlers check `event.defaultPrevented` themselves.
 * @internal
 */
export const Slot = forwardRef<HTMLElement, SlotProps>(function Slot(
  { children, ...slotProps },
  forwardedRef,
) {
  // Children.only throws for anything but a single element.
  const child = Children.only(children) as ReactElement<AnyProps>;
  // The child's ref: a prop on React 19, `element.ref` on React 18 (whose development build puts a warning
  // getter on `props.ref`, so it is never read there; React 19 warns about reading `element.ref`).
  const childRef = (REF_CLEANUPS ? child.props.ref : (child as { ref?: unknown }).ref) as
    | Ref<unknown>
    | undefined;
  // A stable composed ref: a new callback each render would detach and reattach both refs every time.
  const ref = useMemo(
    () => (childRef ? composeRefs(forwardedRef, childRef) : forwardedRef),
    [forwardedRef, childRef],
  );
  return cloneElement(child, { ...mergeProps(slotProps as AnyProps, child.props), ref });
});
