import { useCallback, useEffect, useRef, useState } from 'react';

export interface Query<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Fetch again, keeping what is shown until the answer arrives. */
  reload: () => void;
  /** Replace the data locally, after a change the server already confirmed. */
  setData: (update: (current: T | undefined) => T | undefined) => void;
}

/**
 * Loads data for a screen and keeps it until the key changes. Deliberately small: every screen
 * here reads one or two resources, and mutations update the data they changed with setData.
 */
export function useQuery<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>): Query<T> {
  const [state, setState] = useState<{ key: string | null; data?: T; error?: unknown; loading: boolean }>({
    key,
    loading: key !== null,
  });
  const [generation, setGeneration] = useState(0);
  const fetcherRef = useRef(fetcher);
  useEffect(() => {
    fetcherRef.current = fetcher;
  });

  useEffect(() => {
    if (key === null) return;
    const controller = new AbortController();
    fetcherRef
      .current(controller.signal)
      .then((data) => {
        if (!controller.signal.aborted) setState({ key, data, loading: false });
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) setState((s) => ({ key, data: s.key === key ? s.data : undefined, error, loading: false }));
      });
    return () => controller.abort();
  }, [key, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (current: T | undefined) => T | undefined) =>
      setState((s) => ({ ...s, data: update(s.data), error: undefined })),
    [],
  );

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: key !== null && (!current || state.loading),
    reload,
    setData,
  };
}
