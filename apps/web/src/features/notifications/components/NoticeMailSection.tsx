import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { NoticeMailView } from '@kinship/domain/wire';
import { errorMessage } from '../../../shared/http';
import { Notice } from '../../../ui/Notice';
import { fetchNoticeMail, setNoticeMail } from '../api';

const noticeMailKey = ['me', 'notice-mail'] as const;

/**
 * In Account and security, when the practice has set up email: a short mail when something waits
 * (off until the person turns it on). It says that and nothing else, since others may read an inbox.
 */
export function NoticeMailSection() {
  const queryClient = useQueryClient();
  const { data } = useQuery({ queryKey: noticeMailKey, queryFn: ({ signal }) => fetchNoticeMail(signal) });
  // The box shows the choice in the same event (a controlled box would spring back until the answer
  // came); the answer then holds it, or a refusal puts it back.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const change = useMutation({
    mutationFn: setNoticeMail,
    onSuccess: (view: NoticeMailView) => queryClient.setQueryData(noticeMailKey, view),
    onSettled: () => setChosen(null),
  });
  const choose = (enabled: boolean) => {
    setChosen(enabled);
    change.mutate(enabled);
  };
  if (!data?.available) return null;
  return (
    <section className="security__section" aria-labelledby="notice-mail-title">
      <h2 id="notice-mail-title">Email when something is waiting</h2>
      <p>
        A short email that says only “Something new is waiting for you in Kinship”, with a link: never who, what or which workspace, since other people may
        read your inbox. At most one every few hours, and none while you have Kinship open.
      </p>
      <label className="checkbox">
        <input type="checkbox" checked={chosen ?? data.enabled} disabled={change.isPending} onChange={(event) => choose(event.target.checked)} />
        Email me when something is waiting
      </label>
      {change.error && (
        <Notice tone="error" live>
          <p>{errorMessage(change.error)}</p>
        </Notice>
      )}
    </section>
  );
}
