export * from './agreement-item';
export * from './agreement-yjs';
export * from './agreement-diff';
export * from './agreement-templates';
export * from './agreement-markdown';
