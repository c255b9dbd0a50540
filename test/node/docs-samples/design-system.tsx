// Stand-in for an app's design system that the docs' samples import as `./design-system`: a button that
// forwards its ref and props (as `asChild` needs) and an icon.
import { type ComponentPropsWithRef, forwardRef, type SVGProps } from 'react';

export const Button = forwardRef<HTMLButtonElement, ComponentPropsWithRef<'button'> & { variant?: string }>(
  function Button({ variant = 'primary', className, ...props }, ref) {
    return (
      <button
        ref={ref}
        type="button"
        className={`ds-button ds-button--${variant} ${className ?? ''}`}
        {...props}
      />
    );
  },
);

export function PhoneIcon(props: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" {...props}>
      <path d="M3 1h3l1 4-2 1a9 9 0 0 0 5 5l1-2 4 1v3a2 2 0 0 1-2 2A13 13 0 0 1 1 3a2 2 0 0 1 2-2z" />
    </svg>
  );
}
