import { Link } from 'react-router-dom';
import { DOCUMENT_KIND_INFO } from '@kinship/domain/rules';
import { type FloorTurnRecord, type SessionMirrorRecord, type SessionRecordView } from '@kinship/domain/wire';
import { formatDateTime, formatLength, formatTime } from '../../../ui/format';
import { CheckIcon } from '../../../ui/icons';
import './session-record.css';

const ROLE_LABEL = { counselor: 'Counselor', partner: 'Partner' } as const;

const MIRROR_STATUS: Record<SessionMirrorRecord['status'], string> = {
  confirmed: "Confirmed: that's what they meant",
  clarified: 'Clarified, then mirrored again',
  pending: 'Not answered',
};

/** The record's name for a person: from its participants, else the workspace's members. */
export type NameOf = (accountId: string) => string | undefined;

/** What happened in a session: who took part, the floor turns and their mirrors, time-outs, documents changed. */
export function SessionRecord({ record, nameOf }: { record: SessionRecordView; nameOf: NameOf }) {
  const name = (id: string) => nameOf(id) ?? 'Someone who has left';
  return (
    <>
      <section className="record-section panel" aria-labelledby="record-people">
        <h2 id="record-people">Who took part</h2>
        <ul className="record-people">
          {record.participants.map((p) => (
            <li key={p.accountId}>
              <strong>{p.name}</strong> <span className="muted">· {ROLE_LABEL[p.role]} · joined at {formatTime(p.joinedAt)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section className="record-section panel" aria-labelledby="record-turns">
        <h2 id="record-turns">The floor</h2>
        {record.turns.length === 0 ? (
          <p className="muted">Nobody was given the floor in this session.</p>
        ) : (
          <ol className="record-turns">
            {record.turns.map((turn, index) => (
              <Turn key={turn.turnId} turn={turn} index={index} name={name} />
            ))}
          </ol>
        )}
      </section>

      <section className="record-section panel" aria-labelledby="record-timeouts">
        <h2 id="record-timeouts">Time-outs</h2>
        {record.timeOuts.length === 0 ? (
          <p className="muted">No time-outs were asked for.</p>
        ) : (
          <ul className="record-list">
            {record.timeOuts.map((t) => (
              <li key={t.id}>
                <strong>{name(t.accountId)}</strong> asked for a time-out at {formatTime(t.at)}
                {t.status === 'granted' && ' — the session paused.'}
                {t.status === 'answered' && <> — answered: “{t.answer}”</>}
                {t.status === 'open' && ' — not answered.'}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="record-section panel" aria-labelledby="record-documents">
        <h2 id="record-documents">Documents changed</h2>
        {record.documentsChanged.length === 0 ? (
          <p className="muted">No document was changed during the session.</p>
        ) : (
          <ul className="record-list">
            {record.documentsChanged.map((d) => (
              <li key={d.documentId}>
                <Link to={`/workspaces/${record.workspaceId}/documents/${d.documentId}`}>{d.title}</Link>{' '}
                <span className="muted">
                  · {DOCUMENT_KIND_INFO[d.kind].label} · by {d.editorIds.map(name).join(', ')}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function Turn({ turn, index, name }: { turn: FloorTurnRecord; index: number; name: (id: string) => string }) {
  const length = turn.endedAt ? formatLength(Date.parse(turn.endedAt) - Date.parse(turn.startedAt)) : 'still held';
  return (
    <li className="record-turn" data-turn={index + 1}>
      <p className="record-turn__head">
        <strong>{name(turn.speakerId)}</strong> had the floor, <strong>{name(turn.listenerId)}</strong> listened{' '}
        <span className="muted">
          · {formatTime(turn.startedAt)} · {length}
        </span>
      </p>
      {turn.mirrors.length === 0 ? (
        <p className="muted">No mirror was sent.</p>
      ) : (
        <ol className="record-mirrors">
          {turn.mirrors.map((mirror) => (
            <li key={mirror.id} className={`record-mirror record-mirror--${mirror.status}`} data-status={mirror.status}>
              <p className="record-mirror__label">
                {mirror.status === 'confirmed' && <CheckIcon />}
                Mirror by {name(turn.listenerId)} — {MIRROR_STATUS[mirror.status]}
              </p>
              <blockquote className="record-mirror__text">{mirror.text}</blockquote>
              {mirror.clarification && (
                <p className="record-mirror__clarification">
                  {name(turn.speakerId)} clarified: “{mirror.clarification}”
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/** "12 Mar 2026, 14:00 – 14:50 (50 min)", or "… live now". */
export function sessionSpan(record: { startedAt: string; endedAt: string | null }): string {
  if (!record.endedAt) return `${formatDateTime(record.startedAt)}, live now`;
  return `${formatDateTime(record.startedAt)} – ${formatTime(record.endedAt)} (${formatLength(Date.parse(record.endedAt) - Date.parse(record.startedAt))})`;
}
