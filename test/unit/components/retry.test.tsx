import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebCallError } from '../../../src/core/errors.ts';
import type { AccessTokenRequest } from '../../../src/core/token.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallError } from '../../../src/react/components/CallError.tsx';
import { useCallActions } from '../../../src/react/useCallActions.ts';
import { renderWithCall, settle } from '../../support/components.tsx';

/** A start control that passes overrides, as an app's own UI would. */
function StartForAda() {
  const { start } = useCallActions();
  return (
    <button
      type="button"
      onClick={() => void start({ agentId: 'agent_9', dynamicVariables: { name: 'Ada' } })}
    >
      Call as Ada
    </button>
  );
}

const failing = (error: WebCallError) => {
  const bodies: AccessTokenRequest['body'][] = [];
  const getAccessToken = vi.fn(async ({ body }: AccessTokenRequest) => {
    bodies.push(body);
    throw error;
  });
  return { bodies, getAccessToken };
};

afterEach(() => {
  vi.useRealTimers();
});

describe('"Try again" repeats the failed call', () => {
  it.each([
    ['CallError', () => screen.getByRole('alert').querySelector('button') as HTMLButtonElement],
    ['CallButton', () => document.querySelector('.rwc-call-button') as HTMLButtonElement],
  ])('%s retries with the same start(overrides), not a bare start()', async (_name, retryButton) => {
    const user = userEvent.setup();
    const { bodies, getAccessToken } = failing(new WebCallError('network_error'));
    renderWithCall(
      <>
        <StartForAda />
        <CallButton />
        <CallError />
      </>,
      { getAccessToken },
    );
    await user.click(screen.getByRole('button', { name: 'Call as Ada' }));
    await settle();
    expect(screen.getByRole('alert')).toHaveAttribute('data-code', 'network_error');
    await user.click(retryButton());
    await settle();
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[1]).toMatchObject({ agent_id: 'agent_9', retell_llm_dynamic_variables: { name: 'Ada' } });
  });
});

describe('after a 429 with Retry-After, CallButton waits too', () => {
  it('says how long, refuses clicks meanwhile, then retries', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-12-01T12:00:00Z'), shouldAdvanceTime: false });
    const { bodies, getAccessToken } = failing(
      new WebCallError('token_request_failed', 'Too many calls.', { status: 429, retryAfterMs: 2_000 }),
    );
    renderWithCall(<CallButton labels={{ retryIn: (s) => `Réessayer dans ${s} s` }} />, { getAccessToken });
    const button = screen.getByRole('button');
    act(() => button.click());
    await settle();
    expect(button).toHaveAccessibleName('Réessayer dans 2 s');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    act(() => button.click());
    await settle();
    expect(bodies).toHaveLength(1);
    act(() => vi.advanceTimersByTime(1_000));
    expect(button).toHaveAccessibleName('Réessayer dans 1 s');
    act(() => vi.advanceTimersByTime(1_000));
    expect(button).toHaveAccessibleName('Try again');
    expect(button).not.toHaveAttribute('aria-disabled');
    act(() => button.click());
    await settle();
    expect(bodies).toHaveLength(2);
  });
});
