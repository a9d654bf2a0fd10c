import type { z } from 'zod';

/** What a form's server action returns: field errors next to fields, a form-wide message, and the typed values. */
export type FormState = {
  errors?: Record<string, string>;
  message?: string;
  values?: Record<string, string>;
};

/** The submitted text fields, to put back into the form after an error (never passwords). */
export function keptValues(formData: FormData, fields: string[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field, String(formData.get(field) ?? '').slice(0, 10_000)]));
}

/** Field errors keyed by field name, first message only: what a form shows next to each field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    errors[key] ??= issue.message;
  }
  return errors;
}
