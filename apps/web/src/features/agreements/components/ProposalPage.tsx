import { useMemo } from 'react';
import { useJointWork } from '../../safety/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router-dom';
import { colorFromId, type Role } from '@kinship/domain/rules';
import { type AccountView, type MemberView, type PresenceIdentity } from '@kinship/domain/wire';
import { type ProposalView } from '@kinship/domain/agreements';
import { loginEnded } from '../../auth/api';
import { useAccount } from '../../auth/hooks/useAccount';
import { stateToAccept } from '../accept-state';
import { AgreementDiffView } from './AgreementDiffView';
import { ProposalComments } from './ProposalComments';
import { ProposalDecisions } from './ProposalDecisions';
import { StaleBanner } from './StaleBanner';
import { usePeopleNames } from '../hooks';
import { agreementKeys, agreementQuery, proposalQuery } from '../queries';
import { CollaborativeEditor } from '../../editor/components/CollaborativeEditor';
import { SaveStatus } from '../../editor/components/SaveStatus';
import { useDocumentConnection } from '../../editor/hooks/useDocumentConnection';
import { workspaceQuery } from '../../workspaces/queries';
import { errorMessage } from '../../../shared/http';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import { PageHeader } from '../../../ui/PageHeader';
import { useDocumentTitle } from '../../../ui/useDocumentTitle';

const STATE_WORDS = {
  open: 'Open: being edited and decided',
  stale: 'Out of date: bring it up to date before accepting',
  'in-force': 'In force',
  declined: 'Declined',
  withdrawn: 'Withdrawn by its author',
} as const;

/** /workspaces/:workspaceId/agreements/:agreementId/proposals/:proposalId */
export default function ProposalPage() {
  const { workspaceId = '', agreementId = '', proposalId = '' } = useParams();
  const account = useAccount();
  const proposal = useQuery(proposalQuery(agreementId, proposalId));
  const workspace = useQuery(workspaceQuery(workspaceId));
  const agreement = useQuery(agreementQuery(agreementId));
  useDocumentTitle('Proposal');
  if (proposal.error || workspace.error) {
    return (
      <Notice tone="error" title="The proposal could not be opened">
        <p>{errorMessage(proposal.error ?? workspace.error)}</p>
      </Notice>
    );
  }
  if (!proposal.data || !workspace.data) return <Loading label="Opening the proposal…" />;
  return (
    <OpenProposal
      key={proposalId}
      workspaceId={workspaceId}
      proposal={proposal.data}
      account={account}
      role={workspace.data.role}
      members={workspace.data.members}
      agreementTitle={agreement.data?.title ?? 'the agreement'}
    />
  );
}

function OpenProposal({
  workspaceId,
  proposal,
  account,
  role,
  members,
  agreementTitle,
}: {
  workspaceId: string;
  proposal: ProposalView;
  account: AccountView;
  role: Role;
  members: MemberView[];
  agreementTitle: string;
}) {
  const queryClient = useQueryClient();
  const people = usePeopleNames(workspaceId);
  const changed = (p: ProposalView) => {
    queryClient.setQueryData(agreementKeys.proposal(p.agreementId, p.id), p);
    void queryClient.invalidateQueries({ queryKey: agreementKeys.agreement(p.agreementId) });
  };
  const user = useMemo<PresenceIdentity>(
    () => ({ name: account.displayName, color: colorFromId(account.id), role, accountId: account.id }),
    [account.displayName, account.id, role],
  );
  // The counselor may have paused joint work: the proposal takes no edits meanwhile (the banner says so).
  const jointWork = useJointWork(workspaceId);
  const open = (proposal.state === 'open' || proposal.state === 'stale') && !jointWork?.paused;
  const { connection } = useDocumentConnection({
    documentId: proposal.id,
    user,
    // Closing the proposal reconnects, so the server decides afresh (it takes no more edits).
    permissionKey: open ? 'open' : 'closed',
    onLoginEnded: () => void loginEnded(),
    onEditsRefused: async () => {
      await queryClient.invalidateQueries({ queryKey: agreementKeys.proposal(proposal.agreementId, proposal.id) });
    },
  });
  return (
    <article className="proposal-page" aria-labelledby="proposal-title">
      <PageHeader
        back={{ to: `/workspaces/${workspaceId}/documents/${proposal.agreementId}`, label: agreementTitle }}
        title={proposal.title}
        titleId="proposal-title"
        actions={connection && <SaveStatus tracker={connection.saves} readOnly={!open} />}
      />
      <p className="proposal-page__state">
        <strong>{STATE_WORDS[proposal.state]}</strong> — proposed by {proposal.createdBy.name}
        {proposal.baseVersion > 0 ? `, changing version ${proposal.baseVersion}` : ', asking both to accept the first version'}.
      </p>
      {proposal.closedReason && proposal.state !== 'in-force' && <Notice tone="info">{proposal.closedReason}</Notice>}
      {proposal.state === 'in-force' && (
        <Notice tone="success" title={proposal.closedReason ?? 'In force'}>
          Both partners accepted this text.
        </Notice>
      )}
      <StaleBanner proposal={proposal} onChanged={changed} />
      <div className="proposal-layout">
        <div className="proposal-layout__main">
          <section aria-labelledby="diff-heading">
            <h2 id="diff-heading">{proposal.versionInForce > 0 ? `What changes from version ${proposal.versionInForce}` : 'What comes into force'}</h2>
            <AgreementDiffView diff={proposal.diff} people={people} />
          </section>
          <section aria-labelledby="editor-heading">
            <h2 id="editor-heading">{open ? 'Edit the proposal together' : 'The proposal as it was closed'}</h2>
            {connection ? (
              // A proposal is an agreement being changed: edited as the same numbered items.
              <CollaborativeEditor connection={connection} user={user} editable={open} title={proposal.title} kind="agreement" members={members} />
            ) : (
              <Loading label="Opening the editor…" />
            )}
          </section>
        </div>
        <div className="proposal-layout__side">
          <ProposalDecisions
            proposal={proposal}
            partners={members.filter((m) => m.role === 'partner')}
            account={account}
            role={role}
            onChanged={changed}
            stateOnScreen={connection ? () => stateToAccept(connection.doc, connection.saves) : undefined}
          />
          <ProposalComments proposal={proposal} onChanged={changed} />
        </div>
      </div>
    </article>
  );
}
