import Link from 'next/link';
import type { ReactNode } from 'react';
import { PaginationNav } from './pagination-nav';

// The kit the dashboard's and moderators' lists are built from (posts, the moderation queue, users,
// the audit log): tabs with counts, a filter form, a table, bulk selection and pages. All of it is
// plain links and forms, so every list works without JavaScript and looks and reads the same.

/** Tabs over one list (status, queue), each a link with its count. */
export function ListTabs({
  label,
  tabs,
}: {
  label: string;
  tabs: { key: string; name: string; href: string; current: boolean; count?: number | null }[];
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap gap-2 text-sm">
      {tabs.map((tab) => (
        <Link
          key={tab.key}
          href={tab.href}
          aria-current={tab.current ? 'page' : undefined}
          className="chip aria-[current=page]:bg-[var(--color-accent)] aria-[current=page]:text-[var(--color-paper)]"
        >
          {tab.name}
          {tab.count === undefined || tab.count === null ? '' : ` (${tab.count})`}
        </Link>
      ))}
    </nav>
  );
}

/** The filter form: a GET to the list itself, keeping the current tab in hidden fields. */
export function ListFilters({
  action,
  keep = {},
  submit,
  children,
}: {
  action: string;
  keep?: Record<string, string | undefined>;
  submit: string;
  children: ReactNode;
}) {
  return (
    <form method="get" action={action} role="search" className="flex flex-wrap items-end gap-3 text-sm">
      {Object.entries(keep).map(([name, value]) =>
        value ? <input key={name} type="hidden" name={name} value={value} /> : null,
      )}
      {children}
      <button type="submit" className="button-secondary">
        {submit}
      </button>
    </form>
  );
}

/** One labelled field of a filter form. */
export function FilterField({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="flex flex-col gap-1">
      {label}
      {children}
    </label>
  );
}

export type Column = { header: string; hidden?: boolean; numeric?: boolean };

/** A table of rows with its headings; the last cell of a row usually holds its actions. */
export function ListTable<T>({
  columns,
  rows,
  rowKey,
  row,
}: {
  columns: (Column | false)[];
  rows: T[];
  rowKey: (item: T) => string | number;
  row: (item: T) => ReactNode;
}) {
  const shown = columns.filter((column): column is Column => column !== false);
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <thead className="border-b border-[var(--color-line)]">
          <tr>
            {shown.map((column, index) => (
              <th
                key={column.header}
                scope="col"
                className={`py-2 ${index < shown.length - 1 ? 'pr-4' : ''} ${column.numeric ? 'text-right' : ''}`}
              >
                {column.hidden ? <span className="sr-only">{column.header}</span> : column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <tr key={rowKey(item)} className="border-b border-[var(--color-line)] align-top [&>td]:py-2 [&>td]:pr-4">
              {row(item)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What an empty list says. */
export function ListEmpty({ children }: { children: ReactNode }) {
  return <p className="meta">{children}</p>;
}

/**
 * Bulk selection: one form around the rows, with the action to apply to the checked ones; each row
 * puts a `SelectRow` checkbox (name `ids`) inside it. Rows may also carry their own submit buttons.
 */
export function BulkForm({
  action,
  returnTo,
  legend,
  controls,
  submit,
  children,
}: {
  action: (formData: FormData) => Promise<void>;
  returnTo: string;
  legend: string;
  controls: ReactNode;
  submit: string;
  children: ReactNode;
}) {
  return (
    <form action={action} className="flex flex-col gap-4">
      <input type="hidden" name="returnTo" value={returnTo} />
      <fieldset className="flex flex-wrap items-end gap-3 rounded border border-[var(--color-line)] p-3 text-sm">
        <legend className="px-1 font-medium">{legend}</legend>
        {controls}
        <button type="submit" className="button-primary">
          {submit}
        </button>
      </fieldset>
      {children}
    </form>
  );
}

/** A row's checkbox in a `BulkForm`. */
export function SelectRow({ value, label }: { value: string | number; label: string }) {
  return (
    <label className="flex items-center gap-2">
      <input type="checkbox" name="ids" value={value} />
      <span className="sr-only">{label}</span>
    </label>
  );
}

/** Newer/older pages of a list. */
export function ListPages({
  newer = '← Newer',
  older = 'Older →',
  ...props
}: {
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
  label: string;
  newer?: string;
  older?: string;
}) {
  return <PaginationNav {...props} newer={newer} older={older} />;
}
