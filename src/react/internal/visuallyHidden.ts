import type { CSSProperties } from 'react';

/**
 * Inline styles for text meant for screen readers only; inline so the components stay accessible without
 * `styles.css`.
 * @internal
 */
export const VISUALLY_HIDDEN: CSSProperties = {
  position: 'absolute',
  width: 1,
  height: 1,
  padding: 0,
  margin: -1,
  overflow: 'hidden',
  clip: 'rect(0, 0, 0, 0)',
  whiteSpace: 'nowrap',
  border: 0,
};

/**
 * The transcript's screen-reader announcer region (polite, additions only), shared by `TranscriptAnnouncer`
 * and `CallPanel`'s transcript placeholder so both render the same markup. @internal
 */
export const ANNOUNCER_REGION = {
  className: 'rwc-transcript__announcer',
  style: VISUALLY_HIDDEN,
  'aria-live': 'polite',
  'aria-atomic': 'false',
  'aria-relevant': 'additions',
} as const;

/** Joins class names, skipping empty ones. @internal */
export function cx(...names: Array<string | false | null | undefined>): string {
  return names.filter(Boolean).join(' ');
}

/** A `data-*` boolean in the present/absent convention: `''` when true, absent when false. @internal */
export function dataFlag(value: boolean): '' | undefined {
  return value ? '' : undefined;
}
