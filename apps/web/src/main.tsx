import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { registerServiceWorker } from './app/service-worker';
import { loadQuickExitUrl, onQuickExitTakeDown } from './features/quick-exit/quick-exit';
import './app/styles.css';

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
