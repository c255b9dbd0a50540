import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import * as lib from '../../src/index.ts';

const { WebCallProvider, useCallState, useWebCall, createCallStore, preloadRetellSdk } = lib;

describe('server rendering (plain Node, no DOM)', () => {
  it('has no DOM globals here', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
  });

  it('renders the provider and hooks as idle', () => {
    function Status() {
      const call = useWebCall();
      const transcript = useCallState((s) => s.transcript);
      return (
        <p>
          {call.status}/{transcript.length}/{String(call.isMuted)}
        </p>
      );
    }
    const html = renderToString(
      <WebCallProvider agentId="agent_1" onStatusChange={() => {}}>
        <Status />
      </WebCallProvider>,
    );
    expect(html).toBe('<p>idle<!-- -->/<!-- -->0<!-- -->/<!-- -->false</p>');
  });

  it('renders a standalone useWebCall as idle', () => {
    function Standalone() {
      return <span>{useWebCall({ agentId: 'agent_1' }).status}</span>;
    }
    expect(renderToString(<Standalone />)).toBe('<span>idle</span>');
  });

  it('renders custom buttons from useCallButton (standalone and in a provider) and useMuteButton as idle', () => {
    function Custom() {
      const call = lib.useCallButton({ agentId: 'agent_1' });
      return <button {...call.buttonProps}>{call.label}</button>;
    }
    function Mic() {
      const mute = lib.useMuteButton();
      return <button {...mute.buttonProps}>{mute.label}</button>;
    }
    expect(renderToString(<Custom />)).toBe('<button data-status="idle" type="button">Start call</button>');
    expect(
      renderToString(
        <WebCallProvider agentId="agent_1">
          <Custom />
          <Mic />
        </WebCallProvider>,
      ),
    ).toBe(
      '<button data-status="idle" type="button">Start call</button>' +
        '<button data-status="idle" aria-pressed="false" disabled="" type="button">Mute</button>',
    );
  });

  it('preloading and creating stores do nothing on the server', () => {
    expect(() => preloadRetellSdk()).not.toThrow();
    const store = createCallStore();
    store.preload();
    expect(store.getSnapshot().status).toBe('idle');
  });

  it('a start() on the server fails cleanly with unsupported_browser', async () => {
    const getAccessToken = vi.fn(async () => ({ access_token: 't' }));
    const store = createCallStore({
      getAccessToken,
      createClient: () => {
        throw new Error('no client on the server');
      },
    });
    await expect(store.start()).rejects.toMatchObject({ name: 'WebCallError', code: 'unsupported_browser' });
    expect(store.getSnapshot().status).toBe('error');
    expect(getAccessToken).not.toHaveBeenCalled();
  });
});
