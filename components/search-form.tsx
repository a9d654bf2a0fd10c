type SearchFormProps = {
  /** Unique on the page: the header and the search page each have a form. */
  id: string;
  defaultValue?: string;
  size?: 'compact' | 'large';
};

/** A plain GET form to /search: search works without JavaScript. */
export function SearchForm({ id, defaultValue, size = 'compact' }: SearchFormProps) {
  const large = size === 'large';
  return (
    <form action="/search" method="get" role="search" className={`flex items-center gap-2 ${large ? 'mt-4' : ''}`}>
      <label htmlFor={id} className="sr-only">
        Search posts
      </label>
      <input
        id={id}
        name="q"
        type="search"
        defaultValue={defaultValue}
        maxLength={200}
        placeholder={large ? undefined : 'Search posts'}
        className={`rounded border border-[var(--color-line)] text-[var(--color-ink)] ${
          large ? 'w-full max-w-md bg-[var(--color-card)] px-3 py-2' : 'w-36 bg-[var(--color-paper)] px-2 py-1'
        }`}
      />
      <button
        type="submit"
        className={`rounded bg-[var(--color-accent)] font-medium text-[var(--color-paper)] ${large ? 'px-4 py-2' : 'px-3 py-1'}`}
      >
        Search
      </button>
    </form>
  );
}
