import type { z } from 'zod';

/**
 * What every server action answers (lib/server/action.ts): whether it worked, a sentence for the whole
 * form, field errors next to the fields, and the typed values to put back. Forms start from
 * `noAnswer`; a form shows `message` as a status when `ok`, as an alert otherwise.
 */
export type ActionResult = {
  ok: boolean;
  message?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
};

/** A form's state before it was ever sent. */
export const noAnswer: ActionResult = { ok: true };

/** The submitted text fields, to put back into the form after an error (never passwords). */
export function keptValues(formData: FormData, fields: readonly string[]): Record<string, string> {
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
