import { MY_RECORDS_URL } from '../api';

/** "Download my records": a zip of Markdown and JSON, streamed straight to the browser's downloads. */
export function DownloadRecords() {
  return (
    <section className="card account-data" aria-labelledby="download-records-title">
      <h2 id="download-records-title" className="card__title">
        Download my records
      </h2>
      <p>
        A zip file you can keep: every shared document you can read, as it stands now and with its history (who wrote
        what, and when), the records of live sessions you joined, and your notifications. Your counselor's private
        notes are not part of it.
      </p>
      <p>
        <a className="button button--secondary" href={MY_RECORDS_URL} download>
          Download my records
        </a>
      </p>
    </section>
  );
}
