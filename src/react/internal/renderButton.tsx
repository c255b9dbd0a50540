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
  const { asChild, state, label, props, ref } = params;
  const hasOwnName = props['aria-label'] !== undefined || props['aria-labelledby'] !== undefined;
  const content = typeof params.children === 'function' ? params.children(state) : params.children;
  if (asChild) {
    // Children.only throws for anything but a single element.
    const child = Children.only(content) as ReactElement<{ children?: ReactNode }>;
    // An empty element gets the label as its content; one with its own content gets it as its name.
    const filled = child.props.children == null ? cloneElement(child, undefined, label) : child;
    const name = child.props.children == null || hasOwnName ? undefined : label;
    return (
      // `type="button"` keeps a design-system button from submitting a form; the child's own `type` wins.
      <Slot
        type="button"
        {...props}
        aria-label={name ?? (props['aria-label'] as string | undefined)}
        ref={ref as Ref<HTMLElement>}
      >
        {filled}
      </Slot>
    );
  }
  // Static custom content (an icon…) keeps the status-following name through aria-label; a render
  // function decides its own content and name.
  const name =
    typeof params.children === 'function' || params.children == null || hasOwnName ? undefined : label;
  return (
    <button
      {...props}
      aria-label={name ?? (props['aria-label'] as string | undefined)}
      ref={ref}
      type="button"
    >
      {content ?? label}
    </button>
  );
}
