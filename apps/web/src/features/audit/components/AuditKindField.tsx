import { AUDIT_KIND_LABELS, type AuditKind } from '@kinship/domain/wire';
import { SelectField } from '../../../ui/SelectField';

/** The "What happened" filter: everything, or one kind of entry from `kinds`. */
export function AuditKindField({
  id,
  kinds,
  value,
  onChange,
}: {
  id: string;
  kinds: readonly AuditKind[];
  value: AuditKind | undefined;
  onChange: (kind: AuditKind | undefined) => void;
}) {
  return (
    <SelectField id={id} label="What happened" value={value ?? ''} onChange={(e) => onChange((e.target.value || undefined) as AuditKind | undefined)}>
      <option value="">Everything</option>
      {kinds.map((k) => (
        <option key={k} value={k}>
          {AUDIT_KIND_LABELS[k]}
        </option>
      ))}
    </SelectField>
  );
}
