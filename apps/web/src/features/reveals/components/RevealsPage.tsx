import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { can } from '@kinship/domain/rules';
import { REVEAL_PROMPT_MAX, type AccountView, type RevealPromptView } from '@kinship/domain/wire';
import { useAccount } from '../../auth/hooks/useAccount';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { ConfirmDialog } from '../../../ui/ConfirmDialog';
import { ErrorNotice } from '../../../ui/ErrorNotice';
import { formatDateTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { TextAreaField } from '../../../ui/TextAreaField';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';
import { markDone, openPrompt, revealDrafts, withdrawPrompt } from '../api';
import { revealKeys, revealsQuery } from '../queries';
import { useRevealsSocket } from '../useRevealsSocket';
import { DraftEditor } from './DraftEditor';
import { RevealedDrafts } from './RevealedDrafts';
import '../reveals.css';

/**
 * /workspaces/:workspaceId/reveals, "Said together": the counselor opens prompts, sees who is
 * done and reveals; a partner writes their own draft and marks it done; once revealed, both drafts
 * side by side. Inside the workspace's layout, so its presence is the workspace page's (no document).
 */
export default function RevealsPage() {
  const { workspaceId = '' } = useParams();
  useDocumentTitle('Workspace');
  const account = useAccount();
  const workspace = useQuery(workspaceQuery(workspaceId));
  const view = useQuery(revealsQuery(workspaceId));
  useRevealsSocket(workspaceId);
  const back = { to: `/workspaces/${workspaceId}`, label: workspace.data?.name ?? 'Back to the workspace' };

  if (workspace.isPending || view.isPending) return <Loading label="Opening the prompts…" />;
  if (!workspace.data || !view.data) {
    return (
      <Notice tone="error" title="The prompts could not be opened">
        <p>{errorMessage(workspace.error ?? view.error)}</p>
        <p>
          <Link to={back.to}>Back to the workspace</Link>
        </p>
      </Notice>
    );
  }
  const role = workspace.data.role;
  const counselor = can({ role }, { type: 'reveal.moderate' });
  const prompts = view.data.prompts;
  return (
    <div className="reveals">
      <PageHeader back={back} title="Said together">
        <p className="muted">
          {counselor
            ? 'Each partner answers your prompt privately. You see only who is done; when both are, reveal both answers to both of them at once.'
            : 'Write your answer privately. Nobody reads it — not your partner, not your counselor — until you have both marked yours done and your counselor reveals both answers together.'}
        </p>
      </PageHeader>
      {counselor && <OpenPromptForm workspaceId={workspaceId} />}
      {prompts.length === 0 ? (
        <p className="muted">{counselor ? 'No prompts yet.' : 'Your counselor has not given you a prompt yet.'}</p>
      ) : (
        <ol className="reveals__list" aria-label="Prompts, newest first">
          {prompts.map((prompt) => (
            <li key={prompt.id}>
              <Prompt workspaceId={workspaceId} prompt={prompt} account={account} counselor={counselor} />
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function OpenPromptForm({ workspaceId }: { workspaceId: string }) {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const open = useMutation({
    mutationFn: () => openPrompt(workspaceId, text),
    onSuccess: (view) => {
      setText('');
      queryClient.setQueryData(revealKeys.view(workspaceId), view);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate();
  };
  return (
    <form className="card reveals__form" aria-labelledby="open-prompt-title" onSubmit={submit}>
      <h2 id="open-prompt-title" className="card__title">
        Open a prompt
      </h2>
      <TextAreaField
        label="Prompt"
        hint="For example: “What I need from you when we disagree”. Both partners see it."
        value={text}
        maxLength={REVEAL_PROMPT_MAX}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        required
      />
      <ErrorNotice message={open.error ? errorMessage(open.error) : null} />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={open.isPending} busyLabel="Opening…" disabled={text.trim().length === 0}>
          Open the prompt
        </Button>
      </div>
    </form>
  );
}

const STATE_WORDS: Record<RevealPromptView['state'], string> = { open: 'Open', withdrawn: 'Withdrawn', revealed: 'Revealed' };

function Prompt({ workspaceId, prompt, account, counselor }: { workspaceId: string; prompt: RevealPromptView; account: AccountView; counselor: boolean }) {
  const queryClient = useQueryClient();
  const titleId = `prompt-${prompt.id}`;
  const refresh = () => queryClient.invalidateQueries({ queryKey: revealKeys.view(workspaceId) });
  return (
    <article className="card reveal-prompt" aria-labelledby={titleId}>
      <h3 id={titleId} className="reveal-prompt__text">
        {prompt.text}
      </h3>
      <p className="muted reveal-prompt__when">
        {STATE_WORDS[prompt.state]} · opened {formatDateTime(prompt.openedAt)}
        {prompt.closedAt && ` · ${prompt.state === 'revealed' ? 'revealed' : 'withdrawn'} ${formatDateTime(prompt.closedAt)}`}
      </p>
      {prompt.state === 'revealed' && prompt.revealed && <RevealedDrafts promptId={prompt.id} drafts={prompt.revealed} myAccountId={account.id} />}
      {prompt.state === 'withdrawn' && <p>{counselor ? 'You withdrew this prompt. Nobody will read its drafts.' : 'Your counselor withdrew this prompt. Your draft stays yours alone.'}</p>}
      {prompt.state === 'open' && counselor && <CounselorControls workspaceId={workspaceId} prompt={prompt} />}
      {prompt.state === 'open' && !counselor && prompt.mine && (
        <>
          {prompt.mine.done ? (
            <Notice tone="success" title="You marked your draft done">
              Nobody reads it until your counselor reveals both answers together. You can still change it until then.
            </Notice>
          ) : null}
          <DraftEditor account={account} documentId={prompt.mine.documentId} prompt={prompt.text} onRefused={refresh} />
          <DoneButton workspaceId={workspaceId} prompt={prompt} />
        </>
      )}
    </article>
  );
}

function DoneButton({ workspaceId, prompt }: { workspaceId: string; prompt: RevealPromptView }) {
  const queryClient = useQueryClient();
  const done = prompt.mine?.done ?? false;
  const mark = useMutation({
    mutationFn: () => markDone(workspaceId, prompt.id, !done),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: revealKeys.view(workspaceId) }),
  });
  return (
    <div className="reveal-prompt__actions">
      <ErrorNotice message={mark.error ? errorMessage(mark.error) : null} />
      <Button variant={done ? 'secondary' : 'primary'} busy={mark.isPending} busyLabel="Saving…" onClick={() => mark.mutate()}>
        {done ? 'Not done yet' : 'Mark done'}
      </Button>
    </div>
  );
}

function CounselorControls({ workspaceId, prompt }: { workspaceId: string; prompt: RevealPromptView }) {
  const queryClient = useQueryClient();
  const statuses = prompt.statuses ?? [];
  const bothDone = statuses.length >= 2 && statuses.every((s) => s.done);
  const settle = { onSuccess: (view: { prompts: RevealPromptView[] }) => queryClient.setQueryData(revealKeys.view(workspaceId), view) };
  const reveal = useMutation({ mutationFn: () => revealDrafts(workspaceId, prompt.id), ...settle });
  const withdraw = useMutation({ mutationFn: () => withdrawPrompt(workspaceId, prompt.id), ...settle });
  const [asking, setAsking] = useState(false);
  const error = reveal.error ?? withdraw.error;
  return (
    <>
      <ul className="reveal-prompt__statuses" aria-label="Who is done">
        {statuses.map((s) => (
          <li key={s.accountId}>
            <span>{s.name}</span> <span className={s.done ? 'reveal-status reveal-status--done' : 'reveal-status'}>{s.done ? 'Done' : 'Not done yet'}</span>
          </li>
        ))}
        {statuses.length < 2 && <li className="muted">Both partners need to be in the workspace.</li>}
      </ul>
      <p className="muted" id={`reveal-hint-${prompt.id}`}>
        {bothDone ? 'Both are done: revealing shows both answers to both partners at the same moment, and they can no longer be changed.' : 'You can reveal once both partners have marked their drafts done. You do not see the drafts before then.'}
      </p>
      <ErrorNotice message={error ? errorMessage(error) : null} />
      <div className="reveal-prompt__actions">
        <Button variant="quiet" busy={withdraw.isPending} busyLabel="Withdrawing…" onClick={() => setAsking(true)}>
          Withdraw the prompt
        </Button>
        <Button variant="primary" busy={reveal.isPending} busyLabel="Revealing…" disabled={!bothDone} aria-describedby={`reveal-hint-${prompt.id}`} onClick={() => reveal.mutate()}>
          Reveal both drafts
        </Button>
      </div>
      <ConfirmDialog
        open={asking}
        title="Withdraw this prompt?"
        confirmLabel="Withdraw the prompt"
        cancelLabel="Keep it open"
        busy={withdraw.isPending}
        busyLabel="Withdrawing…"
        onCancel={() => setAsking(false)}
        onConfirm={() => withdraw.mutate(undefined, { onSettled: () => setAsking(false) })}
      >
        <p>Nobody will read its drafts: each stays its author’s alone, and they can no longer be changed or revealed.</p>
      </ConfirmDialog>
    </>
  );
}
