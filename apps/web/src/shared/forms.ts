import { useState, type ChangeEvent } from 'react';
import type { ZodType } from 'zod';
import { ApiError, errorMessage } from './http';

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

/**
 * "must be at least 10 characters" next to the Password field reads best as
 * "Password must be at least 10 characters." A message that is already a sentence is kept.
 */
export function sentenceFor(label: string, message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  if (/^(must|is|should|cannot|can't|has|was|does|looks|needs)\b/i.test(trimmed)) return `${label} ${trimmed}.`;
  const lowerLabel = label.toLowerCase();
  if (trimmed.toLowerCase().startsWith(lowerLabel)) return `${label}${trimmed.slice(label.length)}.`;
  return `${trimmed.charAt(0).toUpperCase()}${trimmed.slice(1)}.`;
}

/**
 * State for a form checked with the shared zod schema before sending, and with the API's answer
 * after: errors land next to the input they are about, anything else above the submit button.
 */
export function useFormErrors<F extends string>(labels: Record<F, string>) {
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<F>>({});
  const [formError, setFormError] = useState<string | null>(null);

  function clear() {
    setFieldErrors({});
    setFormError(null);
  }

  /** Check the input with the shared schema; returns the parsed body or null (errors shown). */
  function check<T>(schema: ZodType<T>, input: unknown): T | null {
    const result = schema.safeParse(input);
    if (result.success) {
      clear();
      return result.data;
    }
    const next: FieldErrors<F> = {};
    let other: string | null = null;
    for (const issue of result.error.issues) {
      const field = String(issue.path[0] ?? '') as F;
      if (field in labels) {
        next[field] ??= sentenceFor(labels[field], issue.message);
      } else {
        other ??= sentenceFor('This', issue.message);
      }
    }
    setFieldErrors(next);
    setFormError(other);
    return null;
  }

  /** Show an error from the API next to its field when the API names one. */
  function fail(error: unknown, overrides: Partial<Record<number, string>> = {}) {
    if (error instanceof ApiError && error.field && error.field in labels) {
      const field = error.field as F;
      setFieldErrors({ [field]: sentenceFor(labels[field], stripFieldName(error.message, error.field)) } as FieldErrors<F>);
      setFormError(null);
      return;
    }
    setFieldErrors({});
    setFormError(error instanceof ApiError && overrides[error.status] ? overrides[error.status]! : errorMessage(error));
  }

  return { fieldErrors, formError, check, fail, clear };
}

/**
 * A form of text inputs, one per label, with useFormErrors' checks: `field(name)` gives an input
 * its name, label, value, change handler and error; `values` is what to check and send.
 */
export function useFormFields<F extends string>(labels: Record<F, string>) {
  const errors = useFormErrors(labels);
  const [values, setValues] = useState(() => Object.fromEntries(Object.keys(labels).map((name) => [name, ''])) as Record<F, string>);

  function set(name: F, value: string) {
    setValues((current) => ({ ...current, [name]: value }));
  }

  function field(name: F) {
    return {
      name,
      label: labels[name],
      value: values[name],
      onChange: (event: ChangeEvent<HTMLInputElement>) => set(name, event.target.value),
      error: errors.fieldErrors[name],
    };
  }

  return { ...errors, values, set, field };
}

function stripFieldName(message: string, field: string): string {
  const pattern = new RegExp(`^${field}\\s*[:\\-]?\\s*`, 'i');
  return message.replace(pattern, '');
}
