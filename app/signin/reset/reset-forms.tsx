'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { FormField } from '@/components/form-field';
import { FormMessage, SubmitButton } from '@/components/form-parts';
import { PASSWORD_MIN_LENGTH } from '@/lib/validations/limits';
import { confirmPasswordResetAction, requestPasswordResetAction } from './actions';
import { noAnswer } from '@/lib/policies/form-state';

type ReturnToProps = { returnTo: string };

function askAgainHref(returnTo: string): string {
  return returnTo === '/' ? '/signin/reset' : `/signin/reset?returnTo=${encodeURIComponent(returnTo)}`;
}

// Plain forms posting to server actions: they work before (or without) JavaScript.
export function RequestPasswordResetForm({ returnTo }: ReturnToProps) {
  const [state, action, pending] = useActionState(requestPasswordResetAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        error={state.errors?.email}
      />
      <SubmitButton pending={pending} idle="Email me a link" busy="Sending…" />
    </form>
  );
}

type ConfirmPasswordResetFormProps = ReturnToProps & { token: string };

export function ConfirmPasswordResetForm({ token, returnTo }: ConfirmPasswordResetFormProps) {
  const [state, action, pending] = useActionState(confirmPasswordResetAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {/* The only form-wide answer is a dead link: say so, and where to get a new one. */}
      {state.message ? (
        <p
          role="alert"
          className="rounded border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {state.message} <Link href={askAgainHref(returnTo)}>Ask for a new link</Link>.
        </p>
      ) : null}
      <input type="hidden" name="token" value={token} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <FormField
        name="password"
        label="New password"
        type="password"
        autoComplete="new-password"
        error={state.errors?.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, not a common password.`}
      />
      <SubmitButton pending={pending} idle="Save the new password" busy="Saving…" />
    </form>
  );
}
