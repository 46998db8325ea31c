import { useRef, useState, type KeyboardEvent } from 'react';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { colorFromId } from '@kinship/domain/rules';
import { errorMessage } from '../../../shared/http';
import { Button } from '../../../ui/Button';
import { formatDateTime, formatTime } from '../../../ui/format';
import { Loading } from '../../../ui/Loading';
import { Notice } from '../../../ui/Notice';
import type { HistoryEdit, HistoryPerson } from '../api';
import { authorshipQuery, historyPointQuery, historyQuery } from '../queries';
import { AuthoredText, AuthorLegend } from './AuthoredText';
import '../history.css';

type Tab = 'authors' | 'timeline';
const TABS: { id: Tab; label: string }[] = [
  { id: 'authors', label: 'Who wrote what' },
  { id: 'timeline', label: 'Timeline' },
];

/**
 * The document's history, opened from the document page: "Who wrote what" first (the text as it
 * is, coloured by writer), the timeline of edits the other tab; an edit opens the document as it
 * was right after it.
 */
export function HistoryPanel({ documentId, onClose }: { documentId: string; onClose: () => void }) {
  const [tab, setTab] = useState<Tab>('authors');
  const tabRefs = useRef<Record<Tab, HTMLButtonElement | null>>({ authors: null, timeline: null });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const next: Tab = tab === 'authors' ? 'timeline' : 'authors';
    setTab(next);
    tabRefs.current[next]?.focus();
  };
  return (
    <section className="history-panel" aria-labelledby="history-title">
      <div className="history-panel__head">
        <h2 id="history-title">History</h2>
        <Button size="small" variant="quiet" onClick={onClose}>
          Close history
        </Button>
      </div>
      <div className="history-panel__tabs" role="tablist" aria-label="History views" onKeyDown={onKeyDown}>
        {TABS.map((t) => (
          <button
            key={t.id}
            ref={(el) => {
              tabRefs.current[t.id] = el;
            }}
            type="button"
            role="tab"
            id={`history-tab-${t.id}`}
            aria-selected={tab === t.id}
            aria-controls={`history-tabpanel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1}
            className="history-panel__tab"
            onClick={() => setTab(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`history-tabpanel-${tab}`} aria-labelledby={`history-tab-${tab}`} className="history-panel__body">
        {tab === 'authors' ? <WhoWroteWhat documentId={documentId} /> : <Timeline documentId={documentId} />}
      </div>
    </section>
  );
}

function WhoWroteWhat({ documentId }: { documentId: string }) {
  const query = useQuery(authorshipQuery(documentId));
  if (query.isPending) return <Loading label="Reading who wrote what…" />;
  if (query.isError) return <Notice tone="error">{errorMessage(query.error)}</Notice>;
  const { blocks, people } = query.data;
  const includesUnknown = blocks.some((b) => b.runs.some((r) => r.authorId === null));
  return (
    <>
      <p className="history-panel__hint">Each person's words are tinted with their colour. Hover over or tab to a passage to see who wrote it.</p>
      <AuthorLegend people={people} includesUnknown={includesUnknown} />
      <AuthoredText blocks={blocks} people={people} label="The document, by writer" />
    </>
  );
}

const nameIn = (people: HistoryPerson[], id: string | null) => (id ? (people.find((p) => p.id === id)?.name ?? 'A former member') : 'Someone');

function summary(edit: HistoryEdit): string {
  const parts = [];
  if (edit.wordsAdded > 0) parts.push(`added ${edit.wordsAdded} ${edit.wordsAdded === 1 ? 'word' : 'words'}`);
  if (edit.wordsRemoved > 0) parts.push(`removed ${edit.wordsRemoved} ${edit.wordsRemoved === 1 ? 'word' : 'words'}`);
  return parts.length > 0 ? parts.join(', ') : 'changed the layout';
}

function when(edit: HistoryEdit): string {
  const from = formatDateTime(edit.from);
  // Within one minute, one time is enough.
  return from === formatDateTime(edit.to) ? from : `${from}–${formatTime(edit.to)}`;
}

function Timeline({ documentId }: { documentId: string }) {
  const query = useInfiniteQuery(historyQuery(documentId));
  const [open, setOpen] = useState<HistoryEdit | null>(null);
  const [people, setPeople] = useState<HistoryPerson[]>([]);
  if (query.isPending) return <Loading label="Reading the history…" />;
  if (query.isError) return <Notice tone="error">{errorMessage(query.error)}</Notice>;
  const pages = query.data.pages;
  const allPeople = [...new Map(pages.flatMap((p) => p.people).map((p) => [p.id, p])).values()];
  if (open) return <EditView documentId={documentId} edit={open} people={people} onBack={() => setOpen(null)} />;
  const edits = pages.flatMap((p) => p.edits);
  const beginsAt = pages[0]?.beginsAt ?? null;
  return (
    <>
      {edits.length === 0 && <p>No edits yet.</p>}
      <ol className="history-timeline" aria-label="Edits, newest first">
        {edits.map((edit) => {
          const name = nameIn(allPeople, edit.authorId);
          return (
            <li key={edit.id} className="history-timeline__item">
              <span className="history-timeline__dot" style={{ backgroundColor: edit.authorId ? colorFromId(edit.authorId) : '#8f8a80' }} aria-hidden="true" />
              <button
                type="button"
                className="history-timeline__open"
                onClick={() => {
                  setPeople(allPeople);
                  setOpen(edit);
                }}
              >
                <span className="history-timeline__who">
                  {name} {summary(edit)}
                </span>
                <span className="history-timeline__when">{when(edit)}</span>
                {edit.snippet && <span className="history-timeline__snippet">“{edit.snippet}”</span>}
              </button>
            </li>
          );
        })}
      </ol>
      {query.hasNextPage && (
        <Button size="small" variant="secondary" onClick={() => void query.fetchNextPage()} busy={query.isFetchingNextPage} busyLabel="Loading older edits…">
          Show older edits
        </Button>
      )}
      {!query.hasNextPage && beginsAt && (
        <p className="history-panel__hint">
          History begins on {formatDateTime(beginsAt)}: what was written before then is shown as one starting point, without its authors.
        </p>
      )}
    </>
  );
}

function EditView({ documentId, edit, people, onBack }: { documentId: string; edit: HistoryEdit; people: HistoryPerson[]; onBack: () => void }) {
  const query = useQuery(historyPointQuery(documentId, edit.id));
  const known = query.data ? [...new Map([...people, ...query.data.people].map((p) => [p.id, p])).values()] : people;
  return (
    <div className="history-edit">
      <Button size="small" variant="quiet" onClick={onBack}>
        Back to the timeline
      </Button>
      <h3 className="history-edit__title">
        As it was after {nameIn(known, edit.authorId)}'s edit, {when(edit)}
      </h3>
      <p className="history-panel__hint">
        Words this edit added are <ins>underlined</ins>; words it removed are <del>struck through</del>.
      </p>
      {query.isPending && <Loading label="Reading the document as it was…" />}
      {query.isError && <Notice tone="error">{errorMessage(query.error)}</Notice>}
      {query.data && (
        <>
          <AuthorLegend people={query.data.people} includesUnknown={query.data.blocks.some((b) => b.runs.some((r) => r.authorId === null))} />
          <AuthoredText blocks={query.data.blocks} people={known} label={`The document after ${nameIn(known, edit.authorId)}'s edit`} />
        </>
      )}
    </div>
  );
}
