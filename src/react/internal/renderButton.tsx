'use client';
import { Children, cloneElement, type ReactElement, type ReactNode, type Ref } from 'react';
import { Slot } from './Slot.tsx';

/** What a button part renders: its own `<button>`, or (with `asChild`) the caller's element. @internal */
export function renderButton<S>(params: {
  asChild: boolean;
  children: ReactNode | ((state: S) => ReactNode);
  state: S;
  label: string;
  props: Record<string, unknown>;
  ref: Ref<HTMLButtonElement>;
}): ReactElement {
  const { asChild, children, state, label, props, ref } = params;
  const ownName = props['aria-label'] as string | undefined;
  const hasOwnName = ownName !== undefined || props['aria-labelledby'] !== undefined;
  const content = typeof children === 'function' ? children(state) : children;
  if (asChild) {
    // Children.only throws for anything but a single element.
    const child = Children.only(content) as ReactElement<{ children?: ReactNode }>;
    // An empty element gets the label as its content; one with its own content gets it as its name.
    const empty = child.props.children == null;
    return (
      // `type="button"` keeps a design-system button from submitting a form; the child's own `type` wins.
      <Slot
        type="button"
        {...props}
        aria-label={empty || hasOwnName ? ownName : label}
        ref={ref as Ref<HTMLElement>}
      >
        {empty ? cloneElement(child, undefined, label) : child}
      </Slot>
    );
  }
  // Static custom content (an icon…) keeps the status-following name through aria-label; a render
  // function decides its own content and name.
  const name = typeof children === 'function' || children == null || hasOwnName ? ownName : label;
  return (
    <button {...props} aria-label={name} ref={ref} type="button">
      {content ?? label}
    </button>
  );
}
