import { type ReactNode, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

/** The agent every page asks for; the bench server answers any agent. */
export const AGENT_ID = 'agent_bench';
/** The bench server's token endpoint: a Retell v2 create-web-call body after a fixed delay. */
export const ENDPOINT = '/api/create-web-call';

/** Renders a page into #root. */
export function mount(node: ReactNode): void {
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing');
  createRoot(root).render(<StrictMode>{node}</StrictMode>);
}

/** What a page exposes to the runner (bench/run.mjs reads and drives it through `page.evaluate`). */
export function expose(name: string, value: object): void {
  (window as unknown as Record<string, unknown>)[name] = value;
}
