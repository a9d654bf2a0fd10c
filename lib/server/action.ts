import 'server-only';
import { redirect } from 'next/navigation';
import type { z } from 'zod';
import { fieldErrors, keptValues, type ActionResult } from '../policies/form-state';
import { safeReturnTo } from '../policies/return-to';
import { getCurrentUser, type CurrentUser } from './session';

// The one pipeline every form's server action goes through, in this order: read the form, validate
// it with zod, load the caller (once per request, lib/server/session.ts), check they may act (a rule from
// lib/policies/permissions.ts), run, and answer an ActionResult. A person's mistakes come back as field
// errors with what they typed kept; a refusal is one sentence. Services in lib/ check permission
// again on their own (anyone can call an action directly).
//
// Two shapes of action: `formAction` answers the form in place (useActionState, and without
// JavaScript the page re-renders with the answer); `postAction` is a button or small form that
// redirects back to `returnTo` with the answer in `?notice=` or `?problem=`.

export const SESSION_ENDED = 'Your session has ended. Sign in again.';

/** Who may run an action: anyone (sign-in, sign-up), any signed-in person, or a rule on the person. */
type Who = 'anyone' | 'signed-in' | ((user: CurrentUser) => boolean);
type Caller<W extends Who> = W extends 'anyone' ? null : CurrentUser;

type Definition<S extends z.ZodType, W extends Who> = {
  schema: S;
  /** What to validate; by default the form's fields by name (the last value of each). */
  read?: (formData: FormData) => unknown;
  who: W;
  /** The sentence for someone the rule refuses. */
  refusal?: string;
};

type Run<S extends z.ZodType, W extends Who> = (input: {
  data: z.output<S>;
  user: Caller<W>;
  formData: FormData;
}) => Promise<ActionResult | void> | ActionResult | void;

async function check<S extends z.ZodType, W extends Who>(
  definition: Definition<S, W>,
  formData: FormData,
): Promise<{ ok: false; result: ActionResult; signedOut: boolean } | { ok: true; data: z.output<S>; user: Caller<W> }> {
  const parsed = definition.schema.safeParse(
    definition.read ? definition.read(formData) : Object.fromEntries(formData),
  );
  if (!parsed.success) {
    return { ok: false, signedOut: false, result: { ok: false, errors: fieldErrors(parsed.error) } };
  }
  if (definition.who === 'anyone') return { ok: true, data: parsed.data, user: null as Caller<W> };
  const user = await getCurrentUser();
  if (!user) return { ok: false, signedOut: true, result: { ok: false, message: SESSION_ENDED } };
  if (typeof definition.who === 'function' && !definition.who(user)) {
    return { ok: false, signedOut: false, result: { ok: false, message: definition.refusal ?? 'You cannot do this.' } };
  }
  return { ok: true, data: parsed.data, user: user as Caller<W> };
}

/**
 * An action that answers its form in place. `keep` names the text fields put back after an error
 * (never passwords); a run that redirects (on success) never returns.
 */
export function formAction<S extends z.ZodType, W extends Who>(
  definition: Definition<S, W> & { keep?: readonly string[]; invalid?: string; run: Run<S, W> },
) {
  return async (_previous: ActionResult, formData: FormData): Promise<ActionResult> => {
    const values = keptValues(formData, definition.keep ?? []);
    const checked = await check(definition, formData);
    if (!checked.ok) {
      const message = checked.result.errors ? definition.invalid : checked.result.message;
      return { ...checked.result, ...(message ? { message } : {}), values };
    }
    const result = await definition.run({ data: checked.data, user: checked.user, formData });
    return { values, ...(result ?? { ok: true }) };
  };
}

/** Where a `postAction` goes back to: `returnTo` when it is one of this site's pages, else `fallback`. */
export function backWith(formData: FormData, result: ActionResult, fallback: string): never {
  const target = new URL(safeReturnTo(formData.get('returnTo'), fallback), 'http://quire.invalid');
  if (result.message) target.searchParams.set(result.ok ? 'notice' : 'problem', result.message.slice(0, 300));
  redirect(`${target.pathname}${target.search}${target.hash}`);
}

/**
 * A button or small form that works without JavaScript: it runs and goes back to `returnTo` (or
 * `fallback`) with its sentence. A signed-out caller is sent to sign in and back.
 */
export function postAction<S extends z.ZodType, W extends Who>(
  definition: Definition<S, W> & { fallback: string; invalid?: string; run: Run<S, W> },
) {
  return async (formData: FormData): Promise<void> => {
    const checked = await check(definition, formData);
    if (!checked.ok) {
      if (checked.signedOut) {
        redirect(`/signin?returnTo=${encodeURIComponent(safeReturnTo(formData.get('returnTo'), definition.fallback))}`);
      }
      const message = checked.result.errors
        ? (definition.invalid ?? Object.values(checked.result.errors)[0])
        : checked.result.message;
      backWith(formData, { ok: false, message }, definition.fallback);
    }
    const result = await definition.run({ data: checked.data, user: checked.user, formData });
    backWith(formData, result ?? { ok: true }, definition.fallback);
  };
}
