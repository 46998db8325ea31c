import { useEffect, type RefObject } from 'react';

/**
 * Keeps a CSS variable on the page's root (`--name`) at the element's height while it is shown,
 * and takes it away after: for a bar that stays on screen (the header on a phone, the live dock),
 * so the page can keep that much room for whatever a person moves to (`scroll-padding`).
 */
export function useHeightVariable(element: RefObject<HTMLElement | null>, name: `--${string}`, shown = true): void {
  useEffect(() => {
    const bar = element.current;
    if (!shown || !bar) return;
    const root = document.documentElement;
    const measure = () => root.style.setProperty(name, `${Math.ceil(bar.getBoundingClientRect().height)}px`);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(bar);
    return () => {
      observer.disconnect();
      root.style.removeProperty(name);
    };
  }, [element, name, shown]);
}
