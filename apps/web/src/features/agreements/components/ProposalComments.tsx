import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import type { AgreementItem, ProposalView } from '@kinship/domain/agreements';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime } from '../../../ui/format';
import { Notice } from '../../../ui/Notice';
import { commentOnItem } from '../api';
import '../agreements.css';

/** Comments on each item of a proposal, and a form to add one to any item. */
export function ProposalComments({ proposal, onChanged }: { proposal: ProposalView; onChanged: (p: ProposalView) => void }) {
  const items: AgreementItem[] = proposal.items;
  const [itemId, setItemId] = useState(items[0]?.id ?? '');
  const [text, setText] = useState('');
  const add = useMutation({
    mutationFn: () => commentOnItem(proposal.agreementId, proposal.id, itemId, text),
    onSuccess: (p) => {
      setText('');
      onChanged(p);
    },
  });
  const open = proposal.state === 'open' || proposal.state === 'stale';
  return (
    <section className="proposal-comments" aria-labelledby="comments-heading">
      <h2 id="comments-heading">Comments</h2>
      {items.map((item, index) => {
        const comments = proposal.comments.filter((c) => c.itemId === item.id);
        if (comments.length === 0) return null;
        return (
          <div key={item.id} className="proposal-comments__item">
            <h3>
              Item {index + 1}: {item.title || 'Untitled item'}
            </h3>
            <ul>
              {comments.map((c) => (
                <li key={c.id}>
                  <strong>{c.author.name}</strong> <span className="proposal-comments__at">{formatDateTime(c.at)}</span>
                  <p>{c.text}</p>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      {proposal.comments.length === 0 && <p>No comments yet.</p>}
      {open && items.length > 0 && (
        <form
          className="proposal-comments__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim()) add.mutate();
          }}
        >
          <label htmlFor="comment-item">Item</label>
          <select id="comment-item" className="field__input" value={itemId} onChange={(e) => setItemId(e.target.value)}>
            {items.map((item, index) => (
              <option key={item.id} value={item.id}>
                {index + 1}. {item.title || 'Untitled item'}
              </option>
            ))}
          </select>
          <label htmlFor="comment-text">Comment</label>
          <textarea id="comment-text" className="field__input" value={text} onChange={(e) => setText(e.target.value)} required maxLength={4000} />
          <Button type="submit" busy={add.isPending}>
            Add comment
          </Button>
          {add.error && (
            <Notice tone="error" live>
              {errorMessage(add.error)}
            </Notice>
          )}
        </form>
      )}
    </section>
  );
}
