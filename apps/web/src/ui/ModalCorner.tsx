import { createContext, type ReactNode } from 'react';

/**
 * What every modal dialog shows in its corner, given once by the app. A modal <dialog> makes the
 * rest of the page inert, so a control that must work on every screen (the quick exit) is
 * rendered inside each dialog too.
 */
export const ModalCornerContext = createContext<ReactNode>(null);
