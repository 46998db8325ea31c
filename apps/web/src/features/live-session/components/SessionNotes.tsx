import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SessionRecordView } from '@kinship/domain';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { TextAreaField } from '../../../ui/TextAreaField';
import { formatDateTime } from '../../../ui/format';
import { LockIcon } from '../../../ui/icons';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { saveObservations, saveSessionSummary } from '../api';
import { liveSessionKeys, observationsQuery } from '../queries';
import './session-record.css';

/** The summary for the couple: the counselor writes it, partners read it. */
export function SummarySection({ record, editable }: { record: SessionRecordView; editable: boolean }) {
  return (
    <section className="record-section" aria-labelledby="record-summary">
      <h2 id="record-summary">Summary for the couple</h2>
      {editable ? (
        <SummaryForm record={record} />
      ) : record.summary ? (
        <p className="record-summary">{record.summary}</p>
      ) : (
        <p className="muted">Your counselor has not written a summary yet.</p>
      )}
    </section>
  );
}

function SummaryForm({ record }: { record: SessionRecordView }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(record.summary ?? '');
  const [saved, setSaved] = useState('');
  const save = useMutation({
    mutationFn: (summary: string) => saveSessionSummary(record.id, summary),
    onSuccess: async () => {
      setSaved('Summary saved. Both partners can read it.');
      await queryClient.invalidateQueries({ queryKey: liveSessionKeys.record(record.id) });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved('');
    if (text.trim()) save.mutate(text.trim());
  }
  return (
    <form className="form" onSubmit={submit}>
      <TextAreaField
        label="What you would like them to take away"
        hint="Both partners see this summary with the record."
        rows={5}
        maxLength={10_000}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setSaved('');
        }}
      />
      {save.error && (
        <Notice tone="error" live>
          {errorMessage(save.error)}
        </Notice>
      )}
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={save.isPending} busyLabel="Saving…" disabled={!text.trim()}>
          Save the summary
        </Button>
        <p className="form__saved" role="status">
          {saved || (record.summaryUpdatedAt ? `Last saved ${formatDateTime(record.summaryUpdatedAt)}` : '')}
        </p>
      </div>
    </form>
  );
}

/**
 * The counselor's private observations, apart from everything else and plainly marked. Only ever
 * rendered for the counselor: a partner's page never even asks for them.
 */
export function ObservationsPanel({ sessionId }: { sessionId: string }) {
  const { data, error, isPending } = useQuery(observationsQuery(sessionId));
  return (
    <section className="record-section observations" aria-labelledby="record-observations">
      <h2 id="record-observations" className="observations__title">
        <LockIcon /> Private observations
      </h2>
      <p className="observations__note">
        <strong>Only you can see this.</strong> Partners never receive these notes, not even that they exist.
      </p>
      {isPending && <Loading label="Loading your observations…" />}
      {error && <Notice tone="error">{errorMessage(error)}</Notice>}
      {data && <ObservationsForm key={sessionId} sessionId={sessionId} initial={data.text} updatedAt={data.updatedAt} />}
    </section>
  );
}

function ObservationsForm({ sessionId, initial, updatedAt }: { sessionId: string; initial: string; updatedAt: string | null }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState(initial);
  const [saved, setSaved] = useState('');
  const save = useMutation({
    mutationFn: (value: string) => saveObservations(sessionId, value),
    onSuccess: (view) => {
      setSaved('Saved, privately.');
      queryClient.setQueryData(liveSessionKeys.observations(sessionId), view);
    },
  });
  return (
    <form
      className="form"
      onSubmit={(event) => {
        event.preventDefault();
        setSaved('');
        save.mutate(text);
      }}
    >
      <TextAreaField
        label="Your observations"
        rows={6}
        maxLength={20_000}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setSaved('');
        }}
      />
      {save.error && (
        <Notice tone="error" live>
          {errorMessage(save.error)}
        </Notice>
      )}
      <div className="form__actions">
        <Button type="submit" busy={save.isPending} busyLabel="Saving…">
          Save privately
        </Button>
        <p className="form__saved" role="status">
          {saved || (updatedAt ? `Last saved ${formatDateTime(updatedAt)}` : '')}
        </p>
      </div>
    </form>
  );
}
