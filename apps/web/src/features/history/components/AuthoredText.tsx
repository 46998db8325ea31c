import { colorFromId } from '@kinship/domain/rules';
import type { AuthoredBlock, HistoryPerson } from '../api';

export interface AuthoredTextProps {
  blocks: AuthoredBlock[];
  people: HistoryPerson[];
  /** Labels the read-only text for assistive technology ("Who wrote what"). */
  label: string;
}

const UNKNOWN = 'someone (written before authors were kept)';

/**
 * A document's text, read-only, each stretch tinted with its writer's colour. Colour is never
 * the only cue: each stretch can take the focus and names its writer (shown on hover and focus,
 * and read out before the words); what an edit added or removed is underlined or struck through
 * and said in words too.
 */
export function AuthoredText({ blocks, people, label }: AuthoredTextProps) {
  const names = new Map(people.map((p) => [p.id, p.name]));
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? 'a former member') : UNKNOWN);
  if (blocks.every((b) => b.runs.length === 0)) return <p className="authored-text__empty">Nothing written yet.</p>;
  return (
    <div className="authored-text" role="document" aria-label={label}>
      {blocks.map((block, i) => {
        const Tag = block.type === 'heading' ? 'h3' : 'p';
        return (
          <Tag key={i} className={`authored-text__block authored-text__block--${block.type}`}>
            {block.runs.map((run, j) => {
              const name = nameOf(run.authorId);
              const said = run.change === 'added' ? `${name} added` : run.change === 'removed' ? `${name} removed` : name;
              const content = (
                <>
                  <span className="visually-hidden">{said}: </span>
                  {run.text}
                </>
              );
              return (
                <span
                  key={j}
                  className={`authored-run${run.change ? ` authored-run--${run.change}` : ''}`}
                  style={{ ['--author-color' as string]: run.authorId ? colorFromId(run.authorId) : '#8f8a80' }}
                  data-author={said}
                  title={said}
                  tabIndex={0}
                >
                  {run.change === 'added' ? <ins>{content}</ins> : run.change === 'removed' ? <del>{content}</del> : content}
                </span>
              );
            })}
          </Tag>
        );
      })}
    </div>
  );
}

/** Who is who: a swatch of each writer's colour beside their name. */
export function AuthorLegend({ people, includesUnknown }: { people: HistoryPerson[]; includesUnknown: boolean }) {
  return (
    <ul className="author-legend" aria-label="Writers">
      {people.map((p) => (
        <li key={p.id}>
          <span className="author-legend__swatch" style={{ backgroundColor: colorFromId(p.id) }} aria-hidden="true" />
          {p.name}
        </li>
      ))}
      {includesUnknown && (
        <li>
          <span className="author-legend__swatch" style={{ backgroundColor: '#8f8a80' }} aria-hidden="true" />
          Written before authors were kept
        </li>
      )}
    </ul>
  );
}
