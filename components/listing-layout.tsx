type ListingLayoutProps = {
  heading: React.ReactNode;
  intro?: React.ReactNode;
  aside?: React.ReactNode;
  children: React.ReactNode;
};

/** A listing page: a heading, the posts, and an optional sidebar (Popular posts). */
export function ListingLayout({ heading, intro, aside, children }: ListingLayoutProps) {
  return (
    <div className="grid grid-cols-1 gap-10 lg:grid-cols-[minmax(0,1fr)_18rem]">
      <main className="min-w-0">
        <h1 className="font-serif text-3xl font-bold">{heading}</h1>
        {intro ? <div className="mt-2 text-[var(--color-muted)]">{intro}</div> : null}
        {children}
      </main>
      {aside ? <div>{aside}</div> : null}
    </div>
  );
}
