'use client';

import { useId } from 'react';
import type { PostDocument } from '@/lib/validations/post';

/** A labelled setting with its hint and error, wired for screen readers (`aria-describedby`). */
export function Field({
  label,
  hint,
  error,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  children: (ids: { id: string; describedBy?: string }) => React.ReactNode;
}) {
  const id = useId();
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children({ id, describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="meta">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}

type TextSettingProps = {
  document: PostDocument;
  errors: Record<string, string>;
  onChange: (patch: Partial<PostDocument>) => void;
  name: 'excerpt' | 'coverAlt' | 'seoTitle' | 'seoDescription';
  label: string;
  hint: string;
  maxLength: number;
  multiline?: boolean;
};

/** One of the document's plain text fields, as an input or a textarea. */
export function TextSetting({ document, errors, onChange, name, label, hint, maxLength, multiline }: TextSettingProps) {
  return (
    <Field label={label} hint={hint} error={errors[name]}>
      {({ id, describedBy }) => {
        const props = {
          id,
          value: document[name],
          maxLength,
          'aria-describedby': describedBy,
          'aria-invalid': errors[name] ? true : undefined,
        };
        return multiline ? (
          <textarea
            {...props}
            className="input min-h-20"
            onChange={(event) => onChange({ [name]: event.target.value })}
          />
        ) : (
          <input {...props} className="input" onChange={(event) => onChange({ [name]: event.target.value })} />
        );
      }}
    </Field>
  );
}
