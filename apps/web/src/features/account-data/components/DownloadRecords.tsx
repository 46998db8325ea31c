import { useQuery } from '@tanstack/react-query';
import { workspacesQuery } from '../../workspaces/queries';
import { MY_RECORDS_URL } from '../api';
import { privateNotesSentence, rolesHeld } from '../roles';

/** "Download my records": a zip of Markdown and JSON, streamed straight to the browser's downloads. */
export function DownloadRecords() {
  const { data: workspaces } = useQuery(workspacesQuery());
  return (
    <section className="card account-data" aria-labelledby="download-records-title">
      <h2 id="download-records-title" className="card__title">
        Download my records
      </h2>
      <p>
        A zip file you can keep: every shared document you can read, as it stands now and with its history (who wrote
        what, and when), the records of live sessions you joined, your commitments and check-ins, what you wrote in
        the safety channel, your guided repairs and your drafts for prompts (the other partner&rsquo;s only once
        revealed), and your notifications.{' '}
        {privateNotesSentence(rolesHeld(workspaces))}
      </p>
      <p>
        <a className="button button--secondary" href={MY_RECORDS_URL} download>
          Download my records
        </a>
      </p>
    </section>
  );
}
