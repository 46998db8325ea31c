import { useEffect, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import { NOT_CONNECTED_YET, nextPresenceView, presentPeople, type PresenceView } from '../presence';

function isLive(provider: WebsocketProvider): boolean {
  return provider.wsconnected && (typeof navigator === 'undefined' || navigator.onLine !== false);
}

/**
 * Who is in the document now; updates as soon as awareness changes (join, leave, typing). While
 * this device is offline, or its connection is down, it says so instead of showing a stale list
 * as present; it recovers when the connection returns.
 */
export function usePresence(provider: WebsocketProvider): PresenceView {
  const [view, setView] = useState<{ source: WebsocketProvider; view: PresenceView }>(() => ({
    source: provider,
    view: nextPresenceView(NOT_CONNECTED_YET, isLive(provider), presentPeople(provider.awareness), Date.now()),
  }));
  useEffect(() => {
    const { awareness } = provider;
    const update = () =>
      setView((current) => ({
        source: provider,
        view: nextPresenceView(
          current.source === provider ? current.view : NOT_CONNECTED_YET,
          isLive(provider),
          presentPeople(awareness),
          Date.now(),
        ),
      }));
    awareness.on('change', update);
    provider.on('status', update);
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    // Catch anything that changed between the first render and this subscription.
    update();
    return () => {
      awareness.off('change', update);
      provider.off('status', update);
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
    };
  }, [provider]);
  return view.source === provider ? view.view : NOT_CONNECTED_YET;
}
