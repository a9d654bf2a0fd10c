'use client';

import { useActionState } from 'react';
import { changePasswordAction, deleteAccountAction, updateProfileAction } from '@/app/account/actions';
import { PASSWORD_MIN_LENGTH } from '@/lib/validations/limits';
import { FormField } from './form-field';
import { FormMessage, SubmitButton } from './form-parts';
import { noAnswer } from '@/lib/policies/form-state';

type ProfileFormProps = { profile: { name: string; handle: string; bio: string; image: string } };

export function ProfileForm({ profile }: ProfileFormProps) {
  const [state, action, pending] = useActionState(updateProfileAction, noAnswer);
  const values = state.values ?? profile;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <FormField name="name" label="Name" autoComplete="name" defaultValue={values.name} error={state.errors?.name} />
      <FormField
        name="handle"
        label="Handle"
        defaultValue={values.handle}
        error={state.errors?.handle}
        hint="Your address on this blog: /authors/your-handle."
      />
      <FormField name="bio" label="Bio" defaultValue={values.bio} error={state.errors?.bio} required={false} />
      <FormField
        name="image"
        label="Avatar image address"
        defaultValue={values.image}
        error={state.errors?.image}
        required={false}
        hint="An https:// address of a square image, or empty for your initial."
      />
      <SubmitButton pending={pending} idle="Save profile" busy="Saving…" />
    </form>
  );
}

export function PasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <FormField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        error={state.errors?.currentPassword}
      />
      <FormField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        error={state.errors?.newPassword}
        hint={`At least ${PASSWORD_MIN_LENGTH} characters, not a common password. Other sessions will be signed out.`}
      />
      <SubmitButton pending={pending} idle="Change password" busy="Changing…" />
    </form>
  );
}

export function DeleteAccountForm() {
  const [state, action, pending] = useActionState(deleteAccountAction, noAnswer);
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <FormField
        name="password"
        label="Password, to confirm"
        type="password"
        autoComplete="current-password"
        error={state.errors?.password}
        hint="Your comments stay, shown as from “deleted user”. This cannot be undone."
      />
      <div>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-red-700 px-4 py-2 font-medium text-white disabled:opacity-60"
        >
          {pending ? 'Deleting…' : 'Delete my account'}
        </button>
      </div>
    </form>
  );
}
