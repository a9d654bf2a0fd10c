'use client';

import { useActionState } from 'react';
import { saveSettingsAction } from '@/app/dashboard/actions';
import type { SiteSettings } from '@/db/queries/settings';
import { FormField } from './form-field';
import { FormMessage, SubmitButton } from './form-parts';
import { noAnswer } from '@/lib/policies/form-state';

export function SettingsForm({ settings }: { settings: SiteSettings }) {
  const [state, action, pending] = useActionState(saveSettingsAction, noAnswer);
  const values = state.values ?? {
    title: settings.title,
    description: settings.description,
    postsPerPage: String(settings.postsPerPage),
    commentsOpenByDefault: settings.commentsOpenByDefault ? 'on' : '',
    newPostEmailBody: settings.newPostEmailBody,
  };
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <FormField name="title" label="Blog title" defaultValue={values.title} error={state.errors?.title} />
      <FormField
        name="description"
        label="Description"
        defaultValue={values.description}
        error={state.errors?.description}
        required={false}
        hint="Shown under the title and in feeds and search results."
      />
      <FormField
        name="postsPerPage"
        label="Posts per page"
        type="number"
        defaultValue={values.postsPerPage}
        error={state.errors?.postsPerPage}
        hint="On the home page, label pages and author pages (1 to 50)."
      />
      <label className="flex items-center gap-2">
        <input
          type="checkbox"
          name="commentsOpenByDefault"
          defaultChecked={values.commentsOpenByDefault === 'on'}
          key={values.commentsOpenByDefault}
        />
        New posts start with comments open
      </label>
      <fieldset className="flex flex-col gap-1" key={values.newPostEmailBody}>
        <legend className="font-medium">New-post emails carry</legend>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="newPostEmailBody"
            value="excerpt"
            defaultChecked={values.newPostEmailBody !== 'full'}
          />
          The excerpt
        </label>
        <label className="flex items-center gap-2">
          <input
            type="radio"
            name="newPostEmailBody"
            value="full"
            defaultChecked={values.newPostEmailBody === 'full'}
          />
          The full post
        </label>
        {state.errors?.newPostEmailBody ? (
          <p className="text-sm text-red-700">{state.errors.newPostEmailBody}</p>
        ) : null}
      </fieldset>
      <SubmitButton pending={pending} idle="Save settings" busy="Saving…" />
    </form>
  );
}
