'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { emailLinkAction, signInAction } from '@/app/signin/actions';
import { confirmSignUpAction, signUpAction } from '@/app/signup/actions';
import { PASSWORD_MIN_LENGTH } from '@/lib/validations/limits';
import { FormField } from './form-field';
import { FormMessage, SubmitButton } from './form-parts';
import { noAnswer } from '@/lib/policies/form-state';

type AuthFormProps = { returnTo: string };

// Both forms post to server actions: they work as plain HTML forms before (or without) JavaScript.
export function SignInForm({ returnTo }: AuthFormProps) {
  const [state, action, pending] = useActionState(signInAction, noAnswer);
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
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        error={state.errors?.password}
      />
      <SubmitButton pending={pending} idle="Sign in" busy="Signing in…" />
      <p className="meta">
        <Link href={`/signin/reset?returnTo=${encodeURIComponent(returnTo)}`}>Forgot your password?</Link>
      </p>
      <p className="meta">
        New here? <Link href={`/signup?returnTo=${encodeURIComponent(returnTo)}`}>Create an account</Link>
      </p>
    </form>
  );
}

export function SignUpForm({ returnTo }: AuthFormProps) {
  const [state, action, pending] = useActionState(signUpAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <FormField
        name="name"
        label="Name"
        autoComplete="name"
        defaultValue={state.values?.name}
        error={state.errors?.name}
        hint="Shown with your comments."
      />
      <FormField
        name="email"
        label="Email"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.email}
        error={state.errors?.email}
      />
      <FormField
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        error={state.errors?.password}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, not a common password.`}
      />
      <SubmitButton pending={pending} idle="Create account" busy="Sending…" />
      <p className="meta">
        Already have an account? <Link href={`/signin?returnTo=${encodeURIComponent(returnTo)}`}>Sign in</Link>
      </p>
    </form>
  );
}

/** Passwordless sign-in: a one-time link by email. */
export function EmailLinkForm({ returnTo }: AuthFormProps) {
  const [state, action, pending] = useActionState(emailLinkAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="returnTo" value={returnTo} />
      <FormField
        name="linkEmail"
        label="Email for a sign-in link"
        type="email"
        autoComplete="email"
        defaultValue={state.values?.linkEmail}
        error={state.errors?.linkEmail}
        hint="No password needed: we email you a link that signs you in (and makes an account if you have none)."
      />
      <SubmitButton pending={pending} idle="Email me a sign-in link" busy="Sending…" />
    </form>
  );
}

/** The button on the sign-up confirmation link's page. */
export function ConfirmSignUpForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState(confirmSignUpAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4">
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pending={pending} idle="Create my account" busy="Creating your account…" />
    </form>
  );
}
