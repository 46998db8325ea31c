import type { AgreementVersionView } from '@kinship/domain/agreements';
import { formatDateTime } from '../../../ui/format';
import { AgreementItems, type PeopleNames } from './AgreementItems';
import '../agreements.css';

/**
 * A version in force as a record to keep (the printable page): the agreement's title, when the
 * version came into force, who proposed it, both acceptances with when, then the numbered items.
 * The same facts as its Markdown file.
 */
export function VersionRecord({ title, version, people }: { title: string; version: AgreementVersionView; people: PeopleNames }) {
  return (
    <div className="version-record">
      <h1 id="version-record-title">{title}</h1>
      <p className="version-record__facts">
        Version {version.number}, in force since {formatDateTime(version.inForceAt)}
      </p>
      <p>Proposed by {version.proposedBy.name}</p>
      <h2 id="version-record-accepted">Accepted by</h2>
      <ul className="version-record__acceptances" aria-labelledby="version-record-accepted">
        {version.acceptedBy.map((a) => (
          <li key={a.accountId}>
            {a.name}, <time dateTime={a.at}>{formatDateTime(a.at)}</time>
          </li>
        ))}
      </ul>
      <h2>Items</h2>
      <AgreementItems items={version.items} people={people} label={`Items of version ${version.number}`} />
    </div>
  );
}
