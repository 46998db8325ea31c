/**
 * The browser tab's title for each page. Titles stay in the browser's history after a quick exit,
 * so they never name a document, a workspace or a person: only the kind of page, from this list.
 */
export const PAGE_TITLES = [
  'Log in',
  'Create an account',
  'Forgot password',
  'Set a new password',
  'Your invitation',
  'Your workspaces',
  'Workspace',
  'Document',
  'Proposal',
  'Versions',
  'Agreement version',
  'Session record',
  'Audit trail',
  'My activity',
  'Account and security',
  'Your records and account',
  'Page not found',
] as const;
export type PageTitle = (typeof PAGE_TITLES)[number];

export function tabTitle(title: PageTitle | undefined): string {
  return title ? `${title} · Kinship` : 'Kinship';
}
