'use client';
import {
  Children,
  type CSSProperties,
  cloneElement,
  forwardRef,
  type HTMLAttributes,
  isValidElement,
  type ReactElement,
  type ReactNode,
  type Ref,
  type RefCallback,
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

/** One callback ref that sets every given ref. @internal */
export function composeRefs<T>(...refs: Array<Ref<T> | undefined>): RefCallback<T> {
  return (value) => {
    for (const ref of refs) setRef(ref, value);
  };
}

/** The ref of an element on React 19 (a prop) and React 18 (`element.ref`). */
function elementRef(element: ReactElement): Ref<unknown> | undefined {
  const props = element.props as AnyProps;
  if ('ref' in props) return props.ref as Ref<unknown>;
  return (element as unknown as { ref?: Ref<unknown> }).ref ?? undefined;
}

/** Slot props first, child props win; handlers run child first, then ours; className and style merge. */
function mergeProps(slotProps: AnyProps, childProps: AnyProps): AnyProps {
  const merged: AnyProps = { ...slotProps, ...childProps };
  for (const key of Object.keys(childProps)) {
    const slotValue = slotProps[key];
    const childValue = childProps[key];
    if (/^on[A-Z]/.test(key) && typeof slotValue === 'function' && typeof childValue === 'function') {
      merged[key] = (...args: unknown[]) => {
        const result = (childValue as (...a: unknown[]) => unknown)(...args);
        (slotValue as (...a: unknown[]) => unknown)(...args);
        return result;
      };
    } else if (key === 'style' && slotValue && childValue) {
      merged[key] = { ...(slotValue as CSSProperties), ...(childValue as CSSProperties) };
    } else if (key === 'className' && slotValue && childValue) {
      merged[key] = `${slotValue as string} ${childValue as string}`;
    } else if (childValue === undefined && slotValue !== undefined) {
      merged[key] = slotValue;
    }
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
  const child = Children.only(children);
  if (!isValidElement(child)) return null;
  const childRef = elementRef(child);
  const props = mergeProps(slotProps as AnyProps, child.props as AnyProps);
  props.ref = childRef ? composeRefs(forwardedRef, childRef) : forwardedRef;
  return cloneElement(child, props);
});
