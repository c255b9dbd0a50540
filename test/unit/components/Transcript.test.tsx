import { act, fireEvent, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import fc from 'fast-check';
import { Profiler, StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CALL_STATUSES } from '../../../src/core/store.ts';
import type { TranscriptEntry } from '../../../src/core/transcript.ts';
import { CallButton } from '../../../src/react/components/CallButton.tsx';
import { Transcript } from '../../../src/react/components/Transcript.tsx';
import {
  createFakeStore,
  errorSnapshot,
  FakeStoreProvider,
  renderWithCall,
  settle,
  snapshotOf,
} from '../../support/components.tsx';

const STATUSES = CALL_STATUSES;

async function startCall(factory: ReturnType<typeof renderWithCall>['factory']) {
  act(() => screen.getByRole('button').click());
  await settle();
  act(() => factory.last.connect());
}

/** The visually hidden polite live region inside the log. */
function announcer(log: HTMLElement = screen.getByRole('log')): HTMLElement {
  const region = log.querySelector<HTMLElement>('.rwc-transcript__announcer');
  if (!region) throw new Error('no live region');
  return region;
}

/** What the live region holds, one string per announced utterance. */
const announced = () => Array.from(announcer().children, (p) => p.textContent);

const agent = (id: string, content: string) => ({ id, role: 'agent', content });
const user = (id: string, content: string) => ({ id, role: 'user', content });

/** Gives the log a layout (jsdom has none): a 100px viewport over `content` px. */
function layout(log: HTMLElement, content: () => number) {
  Object.defineProperty(log, 'clientHeight', { configurable: true, get: () => 100 });
  Object.defineProperty(log, 'scrollHeight', { configurable: true, get: content });
}

describe('Transcript', () => {
  it.each(STATUSES)('in %s is a named, focusable log whose rows are not live, with data-status', (status) => {
    const fake = createFakeStore(status === 'error' ? errorSnapshot('call_failed') : snapshotOf({ status }));
    render(
      <FakeStoreProvider store={fake.store}>
        <Transcript />
      </FakeStoreProvider>,
    );
    const log = screen.getByRole('log', { name: 'Transcript' });
    expect(log).toHaveAttribute('aria-live', 'off');
    expect(announcer(log)).toHaveAttribute('aria-live', 'polite');
    expect(log).toHaveAttribute('data-status', status);
    expect(log).toHaveAttribute('data-empty', '');
    expect(log).toHaveAttribute('tabindex', '0');
    expect(log).toHaveTextContent('The conversation will appear here.');
  });

  it('shows the merged transcript, user and agent apart', async () => {
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <Transcript labels={{ user: 'Moi', empty: 'Rien' }} />
      </>,
    );
    expect(screen.getByRole('log')).toHaveTextContent('Rien');
    await startCall(factory);
    act(() =>
      factory.last.emit('update', {
        transcript: [
          { role: 'agent', content: 'Hello, how can I help?' },
          { role: 'user', content: 'Book a table' },
        ],
      }),
    );
    const log = screen.getByRole('log');
    expect(log).not.toHaveAttribute('data-empty');
    const items = within(log).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('data-role', 'agent');
    expect(items[0]).toHaveClass('rwc-transcript__entry', 'rwc-transcript__entry--agent');
    expect(items[0]).toHaveTextContent('Agent Hello, how can I help?');
    expect(items[1]).toHaveAttribute('data-role', 'user');
    expect(items[1]).toHaveClass('rwc-transcript__entry--user');
    expect(items[1]).toHaveTextContent('Moi Book a table');

    // The transcript stays readable after the call.
    act(() => factory.last.hangUp());
    expect(within(screen.getByRole('log')).getAllByRole('listitem')).toHaveLength(2);
  });

  it('re-renders only the entry that grew', async () => {
    const renderEntry = vi.fn((entry: TranscriptEntry) => entry.content);
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <Transcript renderEntry={renderEntry} />
      </>,
    );
    await startCall(factory);
    const agent = { role: 'agent', content: 'Hi, I am the agent.' };
    act(() => factory.last.emit('update', { transcript: [agent, { role: 'user', content: 'I' }] }));
    expect(renderEntry).toHaveBeenCalledTimes(2);

    for (const content of ['I would', 'I would like', 'I would like a table']) {
      renderEntry.mockClear();
      act(() => factory.last.emit('update', { transcript: [agent, { role: 'user', content }] }));
      expect(renderEntry).toHaveBeenCalledTimes(1);
      expect(renderEntry).toHaveBeenCalledWith({ id: 't1', role: 'user', content });
    }

    renderEntry.mockClear();
    act(() =>
      factory.last.emit('update', {
        transcript: [
          agent,
          { role: 'user', content: 'I would like a table' },
          { role: 'agent', content: 'Sure' },
        ],
      }),
    );
    expect(renderEntry.mock.calls.map(([entry]) => entry.id)).toEqual(['t2']);
  });

  it('scrolls to the newest words, stops when the reader scrolls up, resumes at the bottom', async () => {
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <Transcript />
      </>,
    );
    await startCall(factory);
    const log = screen.getByRole('log');
    let height = 100;
    layout(log, () => height);
    const say = (n: number) => {
      height = 100 + n * 50;
      const transcript = Array.from({ length: Math.min(n, 5) }, (_, i) => ({
        role: (n - Math.min(n, 5) + i) % 2 === 0 ? 'agent' : 'user',
        content: `utterance ${n - Math.min(n, 5) + i}`,
      }));
      act(() => factory.last.emit('update', { transcript }));
    };

    say(1);
    expect(log.scrollTop).toBe(150);
    say(2);
    expect(log.scrollTop).toBe(200);

    // The reader scrolls up: new words do not pull the log down.
    log.scrollTop = 20;
    fireEvent.scroll(log);
    say(3);
    expect(log.scrollTop).toBe(20);

    // Back near the bottom (within the threshold): following resumes.
    log.scrollTop = 230;
    fireEvent.scroll(log);
    say(4);
    expect(log.scrollTop).toBe(300);
  });

  it('can leave auto-scroll off, composes onScroll and forwards className and ref', async () => {
    const onScroll = vi.fn();
    const ref = { current: null as HTMLDivElement | null };
    const { factory } = renderWithCall(
      <>
        <CallButton />
        <Transcript autoScroll={false} onScroll={onScroll} className="mine" ref={ref} />
      </>,
    );
    await startCall(factory);
    const log = screen.getByRole('log');
    expect(ref.current).toBe(log);
    expect(log).toHaveClass('rwc-transcript', 'mine');
    layout(log, () => 500);
    act(() => factory.last.emit('update', { transcript: [{ role: 'agent', content: 'Hi' }] }));
    expect(log.scrollTop).toBe(0);
    fireEvent.scroll(log);
    expect(onScroll).toHaveBeenCalledTimes(1);
  });

  describe('screen readers', () => {
    it('costs one React commit per transcript update, also when an utterance finishes (no effect-driven second commit)', () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      let commits = 0;
      render(
        <Profiler id="transcript" onRender={() => commits++}>
          <FakeStoreProvider store={fake.store}>
            <Transcript />
          </FakeStoreProvider>
        </Profiler>,
      );
      const entries: TranscriptEntry[] = [];
      commits = 0;
      for (let i = 0; i < 10; i++) {
        entries.push(i % 2 === 0 ? agent(`t${i}`, `Agent line ${i}`) : user(`t${i}`, `User line ${i}`));
        act(() => fake.set({ transcript: [...entries] }));
      }
      expect(commits).toBe(10);
      // Every utterance but the last one (it may still grow) was announced; the region keeps the last three.
      expect(announced()).toHaveLength(3);
      expect(announced().at(-1)).toBe('Agent: Agent line 8');
    });

    it('announce an utterance once it is finished, not its growing words', () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      render(
        <FakeStoreProvider store={fake.store}>
          <Transcript labels={{ user: 'Moi' }} />
        </FakeStoreProvider>,
      );
      const greeting = agent('t0', 'Hello, how can I help?');
      for (const words of ['Hello,', 'Hello, how can', 'Hello, how can I help?']) {
        act(() => fake.set({ transcript: [agent('t0', words)] }));
        expect(announced()).toEqual([]);
      }
      for (const words of ['I', 'I would', 'I would like a table']) {
        act(() => fake.set({ transcript: [greeting, user('t1', words)] }));
        expect(announced()).toEqual(['Agent: Hello, how can I help?']);
      }
      // The agent answers: the user's utterance is finished.
      act(() =>
        fake.set({ transcript: [greeting, user('t1', 'I would like a table'), agent('t2', 'Sure')] }),
      );
      expect(announced()).toEqual(['Agent: Hello, how can I help?', 'Moi: I would like a table']);
      // The rows stay out of any live region; only the hidden region is live.
      const log = screen.getByRole('log');
      expect(log).toHaveAttribute('aria-live', 'off');
      for (const item of within(log).getAllByRole('listitem'))
        expect(item.closest('[aria-live="polite"]')).toBeNull();
    });

    it('do not announce a finished utterance again when speech recognition rewrites it', () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      render(
        <FakeStoreProvider store={fake.store}>
          <Transcript />
        </FakeStoreProvider>,
      );
      act(() =>
        fake.set({ transcript: [agent('t0', 'Hello'), user('t1', 'yes i am here'), agent('t2', 'Great')] }),
      );
      const region = announcer();
      const before = region.innerHTML;
      expect(announced()).toEqual(['Agent: Hello', 'You: yes i am here']);
      act(() =>
        fake.set({
          transcript: [agent('t0', 'Hello'), user('t1', 'Yes, I am here.'), agent('t2', 'Great, let')],
        }),
      );
      expect(region.innerHTML).toBe(before);
      expect(screen.getAllByRole('listitem')[1]).toHaveTextContent('Yes, I am here.');
    });

    it('announce the last utterance when the call ends, and several finished at once in order', () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      render(
        <FakeStoreProvider store={fake.store}>
          <Transcript />
        </FakeStoreProvider>,
      );
      act(() => fake.set({ transcript: [agent('t0', 'Hi')] }));
      // A skipped update: two utterances finished between two windows.
      act(() =>
        fake.set({
          transcript: [agent('t0', 'Hi'), user('t1', 'Hello'), agent('t2', 'Bye now'), user('t3', 'B')],
        }),
      );
      expect(announced()).toEqual(['Agent: Hi', 'You: Hello', 'Agent: Bye now']);
      act(() =>
        fake.set({
          status: 'ended',
          endedBy: 'remote',
          transcript: [agent('t0', 'Hi'), user('t1', 'Hello'), agent('t2', 'Bye now'), user('t3', 'Bye')],
        }),
      );
      // Only the last three stay in the region; the oldest leaves silently (aria-relevant="additions").
      expect(announced()).toEqual(['You: Hello', 'Agent: Bye now', 'You: Bye']);
      expect(announcer()).toHaveAttribute('aria-relevant', 'additions');
    });

    it('do not read out history that was already finished when the transcript mounted (also in StrictMode)', () => {
      const history = [agent('t0', 'One'), user('t1', 'Two'), agent('t2', 'Thr')];
      const fake = createFakeStore(snapshotOf({ status: 'ongoing', transcript: history }));
      render(
        <StrictMode>
          <FakeStoreProvider store={fake.store}>
            <Transcript />
          </FakeStoreProvider>
        </StrictMode>,
      );
      expect(announced()).toEqual([]);
      act(() => fake.set({ transcript: [...history.slice(0, 2), agent('t2', 'Three'), user('t3', 'F')] }));
      expect(announced()).toEqual(['Agent: Three']);
    });

    it('start again with the next call, whose ids start again', () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      render(
        <FakeStoreProvider store={fake.store}>
          <Transcript />
        </FakeStoreProvider>,
      );
      act(() => fake.set({ transcript: [agent('t0', 'First call'), user('t1', 'Ok')] }));
      act(() => fake.set({ status: 'ended', endedBy: 'user' }));
      expect(announced()).toEqual(['Agent: First call', 'You: Ok']);
      act(() => fake.set({ status: 'requesting', transcript: [] }));
      expect(announced()).toEqual([]);
      act(() => fake.set({ status: 'ongoing', transcript: [agent('t0', 'Second call'), user('t1', 'H')] }));
      expect(announced()).toEqual(['Agent: Second call']);
    });

    it('announce every utterance exactly once, in order, with the words it had when it finished (generated calls)', () => {
      const utterance = fc.record({
        role: fc.constantFrom('agent', 'user'),
        words: fc.array(fc.constantFrom('yes', 'okay', 'I', 'would', 'like', 'a', 'table'), {
          minLength: 1,
          maxLength: 4,
        }),
        // After this utterance grew, recognition rewrites an earlier finished one (index from the end).
        rewriteBack: fc.option(fc.nat({ max: 4 }), { nil: undefined }),
      });
      fc.assert(
        fc.property(fc.array(utterance, { minLength: 1, maxLength: 6 }), fc.boolean(), (script, endsCall) => {
          const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
          const view = render(
            <FakeStoreProvider store={fake.store}>
              <Transcript />
            </FakeStoreProvider>,
          );
          const region = view.container.querySelector('.rwc-transcript__announcer') as HTMLElement;
          const heard: string[] = [];
          const observer = new MutationObserver(() => {});
          observer.observe(region, { childList: true });
          const collect = () => {
            for (const record of observer.takeRecords()) {
              for (const node of record.addedNodes) heard.push(node.textContent ?? '');
            }
          };
          const entries: { id: string; role: string; content: string }[] = [];
          const expected: string[] = [];
          const speaker = (role: string) => (role === 'agent' ? 'Agent' : 'You');
          script.forEach((step, index) => {
            // The previous utterance is finished once this one starts.
            const previous = entries[index - 1];
            if (previous) expected.push(`${speaker(previous.role)}: ${previous.content}`);
            for (let w = 1; w <= step.words.length; w++) {
              entries[index] = {
                id: `t${index}`,
                role: step.role,
                content: step.words.slice(0, w).join(' '),
              };
              act(() => fake.set({ transcript: [...entries] }));
              collect();
              expect(heard).toEqual(expected);
            }
            if (step.rewriteBack !== undefined && index - 1 - step.rewriteBack >= 0) {
              const k = index - 1 - step.rewriteBack;
              const old = entries[k] as (typeof entries)[number];
              entries[k] = { ...old, content: `${old.content.toUpperCase()}.` };
              act(() => fake.set({ transcript: [...entries] }));
              collect();
              expect(heard).toEqual(expected);
            }
          });
          if (endsCall) {
            const last = entries.at(-1) as (typeof entries)[number];
            expected.push(`${speaker(last.role)}: ${last.content}`);
            act(() => fake.set({ status: 'ended', endedBy: 'remote' }));
            collect();
          }
          expect(heard).toEqual(expected);
          expect(region.children.length).toBe(Math.min(3, expected.length));
          observer.disconnect();
          view.unmount();
        }),
        { seed: Number(process.env.ANNOUNCER_PROPERTY_SEED ?? 20261201), numRuns: 20 },
      );
    }, 20_000);

    it('has no axe violations with rows and announcements', async () => {
      const fake = createFakeStore(snapshotOf({ status: 'ongoing' }));
      const { container } = render(
        <FakeStoreProvider store={fake.store}>
          <Transcript />
        </FakeStoreProvider>,
      );
      act(() => fake.set({ transcript: [agent('t0', 'Hello'), user('t1', 'Hi'), agent('t2', 'How')] }));
      const results = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(', ')}`)).toEqual([]);
      expect(results.passes.length).toBeGreaterThan(5);
    });
  });

  it('follows the newest words again in the next call after the reader scrolled up', () => {
    const first = [{ id: 't0', role: 'agent', content: 'first call' }];
    const fake = createFakeStore(snapshotOf({ status: 'ongoing', transcript: first }));
    render(
      <FakeStoreProvider store={fake.store}>
        <Transcript />
      </FakeStoreProvider>,
    );
    const log = screen.getByRole('log');
    let height = 500;
    layout(log, () => height);
    log.scrollTop = 0; // scrolled up, far from the bottom
    fireEvent.scroll(log);
    act(() => fake.set({ status: 'ended', transcript: [] }));
    height = 600;
    act(() =>
      fake.set({ status: 'ongoing', transcript: [{ id: 'n0', role: 'agent', content: 'new call' }] }),
    );
    expect(log.scrollTop).toBe(600);
  });
});
