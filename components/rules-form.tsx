'use client';

import { useActionState } from 'react';
import { saveRulesAction } from '@/app/moderation/actions';
import type { ModerationRules } from '@/lib/policies/moderation-policy';
import { FormField } from './form-field';
import { FormMessage, SubmitButton } from './form-parts';
import { noAnswer } from '@/lib/policies/form-state';

function ListField({ name, label, hint, value }: { name: string; label: string; hint: string; value: string }) {
  const id = `rules-${name}`;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <p id={`${id}-hint`} className="meta">
        {hint}
      </p>
      <textarea
        id={id}
        name={name}
        defaultValue={value}
        aria-describedby={`${id}-hint`}
        className="input min-h-20 font-mono text-sm"
      />
    </div>
  );
}

export function RulesForm({ rules }: { rules: ModerationRules }) {
  const [state, action, pending] = useActionState(saveRulesAction, noAnswer);
  const values = state.values ?? {
    holdMode: rules.holdMode,
    maxLinks: String(rules.maxLinks),
    holdWords: rules.holdWords.join('\n'),
    blockWords: rules.blockWords.join('\n'),
    blockEmailDomains: rules.blockEmailDomains.join('\n'),
    holdAfterDays: String(rules.holdAfterDays),
    closeAfterDays: String(rules.closeAfterDays),
    reportThreshold: String(rules.reportThreshold),
  };
  return (
    <form action={action} className="flex flex-col gap-4" noValidate key={JSON.stringify(values)}>
      <FormMessage state={state} />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">Hold for approval</legend>
        {(
          [
            ['none', 'No comments (only the rules below)'],
            ['first', 'A person’s comments until one of theirs is approved'],
            ['all', 'Every comment'],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className="flex items-center gap-2">
            <input type="radio" name="holdMode" value={value} defaultChecked={values.holdMode === value} /> {label}
          </label>
        ))}
        {state.errors?.holdMode ? <p className="text-red-700">{state.errors.holdMode}</p> : null}
      </fieldset>
      <FormField
        name="maxLinks"
        label="Hold comments with more links than"
        type="number"
        defaultValue={values.maxLinks}
        error={state.errors?.maxLinks}
      />
      <ListField
        name="holdWords"
        label="Hold list"
        hint="Words or phrases, one a line: a comment containing one waits for approval."
        value={values.holdWords ?? ''}
      />
      <ListField
        name="blockWords"
        label="Block list"
        hint="Words or phrases, one a line: a comment containing one is refused."
        value={values.blockWords ?? ''}
      />
      <ListField
        name="blockEmailDomains"
        label="Blocked email domains"
        hint="One a line (example.com also blocks mail.example.com)."
        value={values.blockEmailDomains ?? ''}
      />
      <FormField
        name="holdAfterDays"
        label="Hold comments on posts older than (days, 0 for never)"
        type="number"
        defaultValue={values.holdAfterDays}
        error={state.errors?.holdAfterDays}
      />
      <FormField
        name="closeAfterDays"
        label="Close comments on posts older than (days, 0 for never)"
        type="number"
        defaultValue={values.closeAfterDays}
        error={state.errors?.closeAfterDays}
      />
      <FormField
        name="reportThreshold"
        label="Hide a comment into the queue after this many reports from different readers"
        type="number"
        defaultValue={values.reportThreshold}
        error={state.errors?.reportThreshold}
      />
      <SubmitButton pending={pending} idle="Save rules" busy="Saving…" />
    </form>
  );
}
