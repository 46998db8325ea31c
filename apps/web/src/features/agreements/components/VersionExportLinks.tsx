import { Link } from 'react-router-dom';
import { versionMarkdownUrl } from '../api';
import '../agreements.css';

export const versionPrintPath = (workspaceId: string, agreementId: string, number: number) =>
  `/workspaces/${workspaceId}/agreements/${agreementId}/versions/${number}/print`;

/** A version's two ways out of the app: its printable page (print, or save as PDF) and its Markdown file. */
export function VersionExportLinks({ workspaceId, agreementId, number }: { workspaceId: string; agreementId: string; number: number }) {
  return (
    <span className="version-export">
      <Link to={versionPrintPath(workspaceId, agreementId, number)}>
        Print / save as PDF<span className="visually-hidden"> (version {number})</span>
      </Link>
      <a href={versionMarkdownUrl(agreementId, number)} download>
        Markdown<span className="visually-hidden"> file of version {number}</span>
      </a>
    </span>
  );
}
