import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CallButton, CallPanel, WebCallProvider } from 'retell-web-call-react';
import 'retell-web-call-react/styles.css';
// The README's "Quick start → 2. Frontend" snippet, copied verbatim by test/consumer/run.mjs at run time.
import * as quickstart from './quickstart.tsx';

// Every component the snippet exports (today `TalkToUs`), whatever it is called.
const quickstartComponents = Object.entries(quickstart).filter(([, value]) => typeof value === 'function');

const root = document.getElementById('root');
if (!root) throw new Error('#root is missing');

createRoot(root).render(
  <StrictMode>
    <main>
      <div id="quickstart">
        {quickstartComponents.map(([name, Component]) => (
          <Component key={name} />
        ))}
      </div>
      <div id="components">
        <WebCallProvider endpoint="/api/create-web-call">
          <CallButton id="header-call-button" />
          <CallPanel />
        </WebCallProvider>
      </div>
    </main>
  </StrictMode>,
);
