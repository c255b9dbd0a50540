'use client';
import type { SyntheticEvent } from 'react';

/**
 * Runs the user's handler first, then ours unless the user called `event.preventDefault()` (Radix semantics).
 * @internal
 */
export function composeEventHandlers<E extends SyntheticEvent>(
  userHandler: ((event: E) => void) | undefined,
  ourHandler: (event: E) => void,
): (event: E) => void {
  return (event: E) => {
    userHandler?.(event);
    if (!event.defaultPrevented) ourHandler(event);
  };
}
