/** Agreements: items, their Yjs form, diffs, templates, Markdown, and their REST shapes; built on the rules and the wire. */
export * from './agreement-item';
export * from './agreement-yjs';
export * from './agreement-diff';
export * from './agreement-templates';
export * from './agreement-markdown';
export * from './agreement-wire';
