import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import * as lib from '../../src/index.ts';

const {
  AgentIndicator,
  AudioLevel,
  CallButton,
  CallError,
  CallPanel,
  CallStatus,
  CallTimer,
  MuteButton,
  Transcript,
  WebCallProvider,
} = lib;

function inProvider(node: React.ReactNode): string {
  return renderToString(
    <WebCallProvider agentId="agent_1" endpoint="/api/create-web-call">
      {node}
    </WebCallProvider>,
  );
}

describe('components on the server (plain Node, no DOM)', () => {
  it('has no DOM globals here', () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    expect(typeof requestAnimationFrame).toBe('undefined');
  });

  it('renders a standalone CallButton as idle', () => {
    const html = renderToString(<CallButton agentId="agent_1" endpoint="/api/create-web-call" />);
    expect(html).toBe('<button class="rwc-call-button" data-status="idle" type="button">Start call</button>');
  });

  it('renders a CallButton in a provider, with labels and a render function', () => {
    expect(inProvider(<CallButton labels={{ idle: 'Appeler' }} />)).toContain('>Appeler</button>');
    expect(inProvider(<CallButton>{({ status }) => <b>{status}</b>}</CallButton>)).toContain('<b>idle</b>');
  });

  it('renders a standalone CallPanel as an idle region', () => {
    const html = renderToString(<CallPanel agentId="agent_1" />);
    expect(html).toMatch(/^<section aria-label="Voice call" class="rwc-call-panel" data-status="idle">/);
    expect(html).toContain('role="log"');
    expect(html).toContain('role="status"');
    expect(html).toContain('Ready to call');
    expect(html).toContain('The conversation will appear here.');
    expect(html).not.toContain('role="alert"');
  });

  it('renders every part inside a provider', () => {
    expect(inProvider(<MuteButton />)).toBe(
      '<button class="rwc-mute-button" data-status="idle" aria-pressed="false" disabled="" type="button">Mute</button>',
    );
    expect(inProvider(<CallStatus />)).toBe(
      '<div class="rwc-call-status" data-status="idle"><span role="status" aria-live="polite" class="rwc-call-status__text">Ready to call</span></div>',
    );
    expect(inProvider(<CallTimer />)).toBe('');
    expect(inProvider(<AgentIndicator />)).toContain('class="rwc-agent-indicator" data-status="idle"');
    expect(inProvider(<AudioLevel />)).toMatch(
      /^<div aria-hidden="true" class="rwc-audio-level" data-status="idle" data-source="agent">(<span class="rwc-audio-level__bar"><\/span>){5}<\/div>$/,
    );
    expect(inProvider(<AudioLevel source="user" />)).toContain('data-source="user"');
    // Rows are not live; the polite region that announces finished utterances is there from the first HTML.
    expect(inProvider(<Transcript />)).toContain('role="log" aria-live="off" aria-label="Transcript"');
    expect(inProvider(<Transcript />)).toMatch(/class="rwc-transcript__announcer"[^>]*aria-live="polite"/);
    expect(inProvider(<CallError />)).toBe('');
  });

  it('renders the parts inside a server-rendered CallPanel without a provider', () => {
    expect(() => renderToString(<CallPanel />)).not.toThrow();
  });
});
