import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CALL_STATUSES } from '../../../src/core/store.ts';
import { AgentIndicator } from '../../../src/react/components/AgentIndicator.tsx';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import {
  createFakeStore,
  errorSnapshot,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

const STATUSES = CALL_STATUSES;

describe('AgentIndicator', () => {
  it.each(STATUSES)('in %s exposes data-status, and words only while ongoing', (status) => {
    const fake = createFakeStore(status === 'error' ? errorSnapshot('call_failed') : snapshotOf({ status }));
    const { container } = render(
      <FakeStoreProvider store={fake.store}>
        <AgentIndicator />
      </FakeStoreProvider>,
    );
    const root = container.firstElementChild as HTMLElement;
    expect(root).toHaveClass('rwc-agent-indicator');
    expect(root).toHaveAttribute('data-status', status);
    expect(root).not.toHaveAttribute('data-agent-talking');
    expect(root.querySelectorAll('.rwc-agent-indicator__dot')).toHaveLength(3);
    if (status === 'ongoing') expect(root).toHaveTextContent('Agent is listening');
    else expect(root).toHaveTextContent(/^$/);
  });

  it('follows the agent talking in a real call, without being a live region', async () => {
    const { factory, container } = renderWithCall(
      <>
        <CallButton />
        <AgentIndicator labels={{ speaking: "L'agent parle" }} />
      </>,
    );
    act(() => screen.getByRole('button').click());
    await settle();
    act(() => factory.last.connect());
    const root = container.querySelector('.rwc-agent-indicator') as HTMLElement;
    act(() => factory.last.emit('agent_start_talking'));
    expect(root).toHaveAttribute('data-agent-talking', '');
    expect(root).toHaveTextContent("L'agent parle");
    expect(root).not.toHaveAttribute('aria-live');
    expect(root.querySelector('[aria-live],[role="status"],[role="alert"]')).toBeNull();
    act(() => factory.last.emit('agent_stop_talking'));
    expect(root).not.toHaveAttribute('data-agent-talking');
    expect(root).toHaveTextContent('Agent is listening');
    act(() => factory.last.emit('agent_start_talking'));
    act(() => factory.last.hangUp());
    expect(root).not.toHaveAttribute('data-agent-talking');
    expect(root).toHaveAttribute('data-status', 'ended');
  });

  it('takes custom content instead of the dots', () => {
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', isAgentTalking: true }));
    render(
      <FakeStoreProvider store={fake.store}>
        <AgentIndicator className="mine">
          <span data-testid="icon" />
        </AgentIndicator>
      </FakeStoreProvider>,
    );
    expect(screen.getByTestId('icon').parentElement).toHaveClass('rwc-agent-indicator', 'mine');
  });
});
