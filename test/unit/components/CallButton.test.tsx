import { act, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { type ComponentPropsWithoutRef, createRef, forwardRef, Profiler, useState } from 'react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgentIndicator } from '../../../src/react/components/AgentIndicator.tsx';
import { AudioLevel } from '../../../src/react/components/AudioLevel.tsx';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { CallStatus } from '../../../src/react/components/CallStatus.tsx';
import { Transcript } from '../../../src/react/components/Transcript.tsx';
import {
  createFakeStore,
  errorSnapshot,
  FakeStoreProvider,
  heldToken,
  manualAnimationFrames,
  renderWithCall,
  settle,
  snapshotOf,
  tone,
} from '../../support/components.tsx';
import { fakeClientFactory } from '../../support/fakeClient.ts';

const ENDPOINT = 'http://localhost:3000/api/create-web-call';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  vi.unstubAllGlobals();
});
afterAll(() => server.close());

function renderWithFakeStore(ui: React.ReactNode, status: CallStatus = 'idle') {
  const fake = createFakeStore(status === 'error' ? errorSnapshot('network_error') : snapshotOf({ status }));
  const result = render(<FakeStoreProvider store={fake.store}>{ui}</FakeStoreProvider>);
  return { ...result, fake };
}

/** A design-system button, for `asChild`. */
const DesignButton = forwardRef<HTMLButtonElement, ComponentPropsWithoutRef<'button'>>(function DesignButton(
  { className, ...props },
  ref,
) {
  return <button {...props} ref={ref} className={`ds-button ${className ?? ''}`} />;
});

describe('CallButton', () => {
  describe('inside a provider, across a real call', () => {
    it('follows every status with its label, data-status, aria-busy and disabled state', async () => {
      const token = heldToken();
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CallButton />, { getAccessToken: token.getAccessToken });
      const button = screen.getByRole('button');
      expect(button).toHaveAccessibleName('Start call');
      expect(button).toHaveAttribute('type', 'button');
      expect(button).toHaveAttribute('data-status', 'idle');
      expect(button).not.toHaveAttribute('aria-busy');
      expect(button).toBeEnabled();
      expect(button).toHaveClass('rwc-call-button');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'requesting');
      expect(button).toHaveAccessibleName('Cancel');
      expect(button).toHaveAttribute('aria-busy', 'true');
      expect(token.getAccessToken).toHaveBeenCalledTimes(1);

      token.resolve();
      await settle();
      expect(button).toHaveAttribute('data-status', 'connecting');
      expect(button).toHaveAccessibleName('Cancel');
      expect(button).toHaveAttribute('aria-busy', 'true');

      act(() => factory.last.connect());
      expect(button).toHaveAttribute('data-status', 'ongoing');
      expect(button).toHaveAccessibleName('End call');
      expect(button).not.toHaveAttribute('aria-busy');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(button).toHaveAccessibleName('Start call');
      expect(factory.last.stopCalls).toBeGreaterThan(0);
    });

    it('cancels while connecting: shows "Ending…" disabled, then ends', async () => {
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CallButton />);
      const button = screen.getByRole('button');
      await user.click(button);
      await settle();
      expect(button).toHaveAttribute('data-status', 'connecting');

      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'ending');
      expect(button).toHaveAccessibleName('Ending…');
      expect(button).toBeDisabled();

      act(() => factory.last.connect());
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(button).toBeEnabled();
    });

    it('cancels while requesting (no token wasted on a call the user gave up)', async () => {
      const token = heldToken();
      const user = userEvent.setup();
      const { factory } = renderWithCall(<CallButton />, { getAccessToken: token.getAccessToken });
      const button = screen.getByRole('button');
      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'requesting');
      await user.click(button);
      expect(button).toHaveAttribute('data-status', 'ended');
      token.resolve();
      await settle();
      expect(button).toHaveAttribute('data-status', 'ended');
      expect(factory.clients.every((c) => c.startCalls.length === 0)).toBe(true);
    });

    it('shows "Try again" after a failure and starts a new call on click', async () => {
      const user = userEvent.setup();
      const { factory, getAccessToken } = renderWithCall(<CallButton />);
      const button = screen.getByRole('button');
      await user.click(button);
      await settle();
      act(() => factory.last.failToConnect());
      expect(button).toHaveAttribute('data-status', 'error');
      expect(button).toHaveAccessibleName('Try again');
      expect(button).toBeEnabled();

      await user.click(button);
      await settle();
      expect(button).toHaveAttribute('data-status', 'connecting');
      expect(getAccessToken).toHaveBeenCalledTimes(2);
    });
  });

  describe('standalone', () => {
    it('owns a call built from its props and asks the endpoint for a token', async () => {
      const bodies: unknown[] = [];
      server.use(
        http.post(ENDPOINT, async ({ request }) => {
          bodies.push(await request.json());
          return HttpResponse.json({ access_token: 'tok_http', call_id: 'call_http', agent_id: 'agent_1' });
        }),
      );
      const factory = fakeClientFactory();
      const onStatusChange = vi.fn();
      const user = userEvent.setup();
      render(
        <CallButton
          agentId="agent_1"
          endpoint={ENDPOINT}
          createClient={factory.createClient}
          checkMicrophone={false}
          onStatusChange={onStatusChange}
        />,
      );
      const button = screen.getByRole('button', { name: 'Start call' });
      await user.click(button);
      await vi.waitFor(() => expect(button).toHaveAttribute('data-status', 'connecting'));
      expect(bodies).toEqual([{ agent_id: 'agent_1' }]);
      expect(factory.last.startCalls[0]).toMatchObject({ accessToken: 'tok_http', callId: 'call_http' });
      act(() => factory.last.connect());
      expect(button).toHaveAccessibleName('End call');
      expect(onStatusChange.mock.calls.map(([status]) => status)).toEqual([
        'requesting',
        'connecting',
        'ongoing',
      ]);
    });

    it('ends its call on unmount', async () => {
      const factory = fakeClientFactory();
      const user = userEvent.setup();
      const { unmount } = render(
        <CallButton
          createClient={factory.createClient}
          getAccessToken={async () => ({ access_token: 't' })}
          checkMicrophone={false}
        />,
      );
      await user.click(screen.getByRole('button'));
      await settle();
      act(() => factory.last.connect());
      unmount();
      expect(factory.last.connected).toBe(false);
      expect(factory.last.listenerCount()).toBe(0);
    });

    it('does not pass call options to the DOM', () => {
      render(<CallButton agentId="agent_1" endpoint="/x" metadata={{ a: 1 }} checkMicrophone={false} />);
      const button = screen.getByRole('button');
      expect(button.getAttributeNames().sort()).toEqual(['class', 'data-status', 'type']);
    });
  });

  describe('props', () => {
    it('takes per-status labels and keeps the defaults for the rest', () => {
      const { fake } = renderWithFakeStore(
        <CallButton labels={{ idle: 'Appeler', ongoing: 'Raccrocher' }} />,
      );
      expect(screen.getByRole('button')).toHaveAccessibleName('Appeler');
      act(() => fake.set({ status: 'ongoing' }));
      expect(screen.getByRole('button')).toHaveAccessibleName('Raccrocher');
      act(() => fake.set({ status: 'connecting' }));
      expect(screen.getByRole('button')).toHaveAccessibleName('Cancel');
    });

    it('runs the user onClick first; preventDefault() cancels the call action', async () => {
      const user = userEvent.setup();
      const onClick = vi.fn();
      const { fake, rerender } = renderWithFakeStore(<CallButton onClick={onClick} />);
      await user.click(screen.getByRole('button'));
      expect(onClick).toHaveBeenCalledTimes(1);
      expect(fake.store.start).toHaveBeenCalledTimes(1);

      const cancel = vi.fn((event: React.MouseEvent) => event.preventDefault());
      rerender(
        <FakeStoreProvider store={fake.store}>
          <CallButton onClick={cancel} />
        </FakeStoreProvider>,
      );
      await user.click(screen.getByRole('button'));
      expect(cancel).toHaveBeenCalledTimes(1);
      expect(fake.store.start).toHaveBeenCalledTimes(1);
    });

    it('maps clicks per status: start, stop (cancel), stop, nothing while ending, start again', async () => {
      const { fake } = renderWithFakeStore(<CallButton />);
      const button = screen.getByRole('button');
      const expected: Array<[CallStatus, 'start' | 'stop']> = [
        ['idle', 'start'],
        ['requesting', 'stop'],
        ['connecting', 'stop'],
        ['ongoing', 'stop'],
        ['ended', 'start'],
      ];
      for (const [status, action] of expected) {
        act(() => fake.set({ status }));
        fake.store.start.mockClear();
        fake.store.stop.mockClear();
        fireEvent.click(button);
        expect(fake.store[action]).toHaveBeenCalledTimes(1);
        expect(fake.store[action === 'start' ? 'stop' : 'start']).not.toHaveBeenCalled();
      }
      act(() => fake.set({ status: 'ending' }));
      fake.store.start.mockClear();
      fake.store.stop.mockClear();
      fireEvent.click(button);
      expect(fake.store.start).not.toHaveBeenCalled();
      expect(fake.store.stop).not.toHaveBeenCalled();
    });

    it('forwards className, style, other attributes and the ref', () => {
      const ref = createRef<HTMLButtonElement>();
      renderWithFakeStore(
        <CallButton ref={ref} className="mine" style={{ color: 'red' }} id="call" data-testid="cb" />,
      );
      const button = screen.getByTestId('cb');
      expect(ref.current).toBe(button);
      expect(button).toHaveClass('rwc-call-button', 'mine');
      expect(button).toHaveStyle({ color: 'rgb(255, 0, 0)' });
      expect(button).toHaveAttribute('id', 'call');
    });

    it('stays disabled when the user disables it', () => {
      renderWithFakeStore(<CallButton disabled />);
      expect(screen.getByRole('button')).toBeDisabled();
    });

    it('renders a render-function child with the status and label', () => {
      const { fake } = renderWithFakeStore(
        <CallButton>
          {({ status, label }) => (
            <span data-testid="content">
              {label} / {status}
            </span>
          )}
        </CallButton>,
      );
      expect(screen.getByTestId('content')).toHaveTextContent('Start call / idle');
      act(() => fake.set({ status: 'ongoing' }));
      expect(screen.getByTestId('content')).toHaveTextContent('End call / ongoing');
    });

    it('keeps the status label as the accessible name of static content (an icon)', () => {
      renderWithFakeStore(
        <CallButton>
          <svg aria-hidden="true" />
        </CallButton>,
      );
      expect(screen.getByRole('button')).toHaveAccessibleName('Start call');
    });
  });

  describe('asChild', () => {
    it('renders the design-system button with our props, label, handlers and ref', async () => {
      const user = userEvent.setup();
      const ref = createRef<HTMLButtonElement>();
      const { fake } = renderWithFakeStore(
        <CallButton asChild ref={ref} className="outer">
          <DesignButton />
        </CallButton>,
      );
      const button = screen.getByRole('button', { name: 'Start call' });
      expect(button).toHaveClass('ds-button', 'rwc-call-button', 'outer');
      expect(button).toHaveAttribute('data-status', 'idle');
      expect(button).toHaveAttribute('type', 'button');
      expect(ref.current).toBe(button);
      await user.click(button);
      expect(fake.store.start).toHaveBeenCalledTimes(1);
      await user.hover(button);
      expect(fake.store.preload).toHaveBeenCalled();
    });

    it("keeps the child's own ref next to ours, without a React warning (React 18 and 19)", () => {
      const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
      try {
        const outer = createRef<HTMLButtonElement>();
        const own = createRef<HTMLButtonElement>();
        renderWithFakeStore(
          <CallButton asChild ref={outer}>
            <DesignButton ref={own} />
          </CallButton>,
        );
        const button = screen.getByRole('button', { name: 'Start call' });
        expect(outer.current).toBe(button);
        expect(own.current).toBe(button);
        expect(errors).not.toHaveBeenCalled();
      } finally {
        errors.mockRestore();
      }
    });

    it("lets the child's own onClick cancel with preventDefault, and names a child with content", async () => {
      const user = userEvent.setup();
      const { fake } = renderWithFakeStore(
        <CallButton asChild>
          <DesignButton onClick={(event) => event.preventDefault()}>📞</DesignButton>
        </CallButton>,
      );
      const button = screen.getByRole('button', { name: 'Start call' });
      expect(button).toHaveTextContent('📞');
      await user.click(button);
      expect(fake.store.start).not.toHaveBeenCalled();
    });
  });

  describe('preloading', () => {
    it('preloads the SDK on hover and focus, without starting anything', async () => {
      const user = userEvent.setup();
      const { fake } = renderWithFakeStore(<CallButton />);
      await user.hover(screen.getByRole('button'));
      expect(fake.store.preload).toHaveBeenCalledTimes(1);
      act(() => screen.getByRole('button').focus());
      expect(fake.store.preload).toHaveBeenCalledTimes(2);
      expect(fake.store.start).not.toHaveBeenCalled();
    });

    it('never requests a token on hover or focus', async () => {
      const user = userEvent.setup();
      const { getAccessToken } = renderWithCall(<CallButton />);
      await user.hover(screen.getByRole('button'));
      await user.tab();
      await settle();
      expect(getAccessToken).not.toHaveBeenCalled();
      expect(screen.getByRole('button')).toHaveAttribute('data-status', 'idle');
    });
  });

  describe('keyboard', () => {
    it('is reached with Tab and operated with Enter and Space', async () => {
      const user = userEvent.setup();
      const { fake } = renderWithFakeStore(
        <>
          <input aria-label="before" />
          <CallButton />
        </>,
      );
      await user.click(screen.getByLabelText('before'));
      await user.tab();
      const button = screen.getByRole('button');
      expect(button).toHaveFocus();
      await user.keyboard('{Enter}');
      expect(fake.store.start).toHaveBeenCalledTimes(1);
      act(() => fake.set({ status: 'ongoing' }));
      await user.keyboard(' ');
      expect(fake.store.stop).toHaveBeenCalledTimes(1);
    });
  });

  describe('render count', () => {
    it('renders only when its status changes: none for transcript, talking or audio frames', async () => {
      const frames = manualAnimationFrames();
      const user = userEvent.setup();
      const commits: Array<string | null> = [];
      const { factory } = renderWithCall(
        <>
          <Profiler
            id="call-button"
            onRender={() =>
              commits.push(document.querySelector('.rwc-call-button')?.getAttribute('data-status') ?? null)
            }
          >
            <CallButton />
          </Profiler>
          <CallStatus />
          <AgentIndicator />
          <AudioLevel />
          <Transcript />
        </>,
      );
      const button = screen.getByRole('button');
      await user.click(button);
      await settle();
      act(() => factory.last.connect());
      expect(factory.last.startCalls[0]?.emitRawAudioSamples).toBe(true);
      const before = commits.length;

      // 50 transcript updates in Retell's sliding-window shape, with talking toggles and audio in between.
      const history: Array<{ role: string; content: string }> = [];
      for (let update = 0; update < 50; update++) {
        const turn = Math.floor(update / 5);
        const role = turn % 2 === 0 ? 'agent' : 'user';
        const words = (update % 5) + 1;
        const content = Array.from({ length: words }, (_, i) => `w${turn}_${i}`).join(' ');
        if (update % 5 === 0) history.push({ role, content });
        else history[history.length - 1] = { role, content };
        act(() => {
          if (role === 'agent' && update % 5 === 0) factory.last.emit('agent_start_talking');
          factory.last.emit('update', { transcript: history.slice(-5) });
          if (role === 'agent' && update % 5 === 4) factory.last.emit('agent_stop_talking');
          factory.last.emit('audio', tone(0.3));
          factory.last.emit('audio', tone(0.1));
          frames.flush();
        });
      }
      expect(screen.getAllByRole('listitem')).toHaveLength(10);
      expect(commits.length).toBe(before);

      await user.click(button);
      expect(commits).toEqual(['idle', 'requesting', 'connecting', 'ongoing', 'ended']);
    });
  });

  it('with asChild keeps the caller’s aria-label as its name', () => {
    const fake = createFakeStore();
    render(
      <FakeStoreProvider store={fake.store}>
        <CallButton asChild aria-label="Call sales">
          <DesignButton>📞</DesignButton>
        </CallButton>
      </FakeStoreProvider>,
    );
    expect(screen.getByRole('button', { name: 'Call sales' })).toHaveAttribute('data-status', 'idle');
  });

  it('with asChild keeps the child’s own ref attached across re-renders (stable composed ref)', () => {
    const fake = createFakeStore();
    const seen: Array<'el' | null> = [];
    const childRef = (el: HTMLButtonElement | null) => {
      seen.push(el ? 'el' : null);
    };
    let rerender!: () => void;
    function Host() {
      const [n, setN] = useState(0);
      rerender = () => setN(n + 1);
      return (
        <CallButton asChild data-n={n}>
          <DesignButton ref={childRef} />
        </CallButton>
      );
    }
    render(
      <FakeStoreProvider store={fake.store}>
        <Host />
      </FakeStoreProvider>,
    );
    act(() => rerender());
    act(() => rerender());
    expect(seen).toEqual(['el']);
  });

  it('unlocks audio inside the click, before the first await (iOS Safari forgets the gesture after it), once the token request left', async () => {
    const events: string[] = [];
    class SpyAudioContext {
      state = 'suspended';
      sampleRate = 48_000;
      destination = {};
      constructor() {
        events.push('new AudioContext');
      }
      resume() {
        events.push('resume');
        return Promise.resolve();
      }
      createBuffer() {
        return {};
      }
      createBufferSource() {
        return {
          buffer: null,
          connect: () => {},
          start: () => events.push('play silent frame'),
        };
      }
      close() {
        events.push('close');
        return Promise.resolve();
      }
    }
    vi.stubGlobal('AudioContext', SpyAudioContext);
    const { container, getAccessToken } = renderWithCall(<CallButton />);
    const answer = getAccessToken.getMockImplementation();
    getAccessToken.mockImplementation((request) => {
      events.push('token request');
      return answer ? answer(request) : new Promise(() => {});
    });
    const button = container.querySelector('button') as HTMLButtonElement;
    act(() => {
      button.click();
      // Still inside the click's task: the token request left first (nothing to wait for), then the page's
      // audio is unlocked (an AudioContext takes the main thread a while to make).
      expect(events).toEqual(['token request', 'new AudioContext', 'resume', 'play silent frame']);
    });
    await settle();
    expect(getAccessToken).toHaveBeenCalledTimes(1);
    vi.unstubAllGlobals();
  });
});
