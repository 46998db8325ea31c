import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// Tokens and base rules first: every feature's own styles come after them.
import './app/styles.css';
import { App } from './app/App';
import { registerServiceWorker } from './app/service-worker';
import { loadQuickExitUrl, onQuickExitTakeDown } from './features/quick-exit/quick-exit';

const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <App />
  </StrictMode>,
);
// The quick exit takes the app down (open documents let go of their device copies) and knows where to go.
onQuickExitTakeDown(() => root.unmount());
void loadQuickExitUrl();

registerServiceWorker();
