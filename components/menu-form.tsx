'use client';

import { useActionState } from 'react';
import { saveMenuAction } from '@/app/dashboard/actions';
import { noAnswer } from '@/lib/policies/form-state';
import { MAX_MENU_ITEMS, MAX_MENU_LABEL, menuField, targetChoice, type MenuItem } from '@/lib/validations/menu';
import { FormMessage, SubmitButton } from './form-parts';

export type MenuFormProps = {
  items: MenuItem[];
  pages: { id: number; title: string; published: boolean }[];
  labels: { name: string; slug: string }[];
};

const EMPTY_ROWS = 3;

/** The stored items as the form's field values. */
function valuesOf(items: MenuItem[]): Record<string, string> {
  return Object.fromEntries(
    items.flatMap((item, index) => [
      [menuField.label(index), item.label],
      [menuField.target(index), targetChoice(item.target)],
      [menuField.url(index), item.target.type === 'url' ? item.target.url : ''],
      [menuField.order(index), String(index + 1)],
    ]),
  );
}

/**
 * The header menu as rows of plain fields (label, what it links to, an address, a position), so it
 * works without JavaScript: blank rows are ignored, a lower position comes first.
 */
export function MenuForm({ items, pages, labels }: MenuFormProps) {
  const [state, action, pending] = useActionState(saveMenuAction, noAnswer);
  const values = state.values ?? valuesOf(items);
  const used = Array.from({ length: MAX_MENU_ITEMS }, (_, index) => index).filter(
    (index) => values[menuField.label(index)] || values[menuField.target(index)] || values[menuField.url(index)],
  );
  const rows = Math.min(MAX_MENU_ITEMS, Math.max(items.length, (used.at(-1) ?? -1) + 1) + EMPTY_ROWS);
  const errorOf = (field: string) => state.errors?.[field];
  const id = (field: string) => `menu-${field}`;
  /** What every field of a row carries: its name and id, what it holds, and its error when it has one. */
  const fieldProps = (field: string, fallback = '') => ({
    id: id(field),
    name: field,
    className: 'input',
    defaultValue: values[field] ?? fallback,
    'aria-invalid': errorOf(field) ? true : undefined,
    'aria-describedby': errorOf(field) ? `${id(field)}-error` : undefined,
  });
  return (
    <form action={action} className="flex flex-col gap-4" noValidate aria-label="Header menu">
      <FormMessage state={state} />
      <ol className="flex flex-col gap-4">
        {Array.from({ length: rows }, (_, index) => {
          const fields = {
            label: menuField.label(index),
            target: menuField.target(index),
            url: menuField.url(index),
            order: menuField.order(index),
          };
          const errors = Object.values(fields)
            .map((field) => [field, errorOf(field)] as const)
            .filter(([, error]) => error);
          // `key` carries the values: after an answer the uncontrolled fields show what it sent back.
          const key = `${index}:${Object.values(fields)
            .map((field) => values[field] ?? '')
            .join('\u001f')}`;
          return (
            <li key={key} className="grid gap-2 rounded border border-[var(--color-line)] p-3 sm:grid-cols-4">
              <label className="flex flex-col gap-1 text-sm" htmlFor={id(fields.label)}>
                <span className="font-medium">Link {index + 1} label</span>
                <input {...fieldProps(fields.label)} maxLength={MAX_MENU_LABEL + 20} />
              </label>
              <label className="flex flex-col gap-1 text-sm" htmlFor={id(fields.target)}>
                <span className="font-medium">Link {index + 1} goes to</span>
                <select {...fieldProps(fields.target)}>
                  <option value="">Choose…</option>
                  <optgroup label="Pages">
                    {pages.map((page) => (
                      <option key={page.id} value={`page:${page.id}`}>
                        {page.title}
                        {page.published ? '' : ' (draft: shown once published)'}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Labels">
                    {labels.map((label) => (
                      <option key={label.slug} value={`label:${label.slug}`}>
                        {label.name}
                      </option>
                    ))}
                  </optgroup>
                  <option value="url">An address (type it in the next field)</option>
                </select>
              </label>
              <label className="flex flex-col gap-1 text-sm" htmlFor={id(fields.url)}>
                <span className="font-medium">Link {index + 1} address</span>
                <input {...fieldProps(fields.url)} placeholder="https://… or /archive" />
              </label>
              <label className="flex flex-col gap-1 text-sm" htmlFor={id(fields.order)}>
                <span className="font-medium">Link {index + 1} position</span>
                <input {...fieldProps(fields.order, String(index + 1))} inputMode="numeric" />
              </label>
              {errors.map(([field, error]) => (
                <p
                  key={field}
                  id={`${id(field)}-error`}
                  className="text-sm font-medium text-red-700 sm:col-span-4 dark:text-red-300"
                >
                  {error}
                </p>
              ))}
            </li>
          );
        })}
      </ol>
      <p className="meta">
        Up to {MAX_MENU_ITEMS} links, shown in a row under the header of every page, lowest position first. Empty a
        row’s label and choice to remove it. A page shows only while it is published.
      </p>
      <SubmitButton pending={pending} idle="Save menu" busy="Saving…" />
    </form>
  );
}
