type AccountSectionProps = { title: string; children: React.ReactNode };

export function AccountSection({ title, children }: AccountSectionProps) {
  const id = `section-${title.toLowerCase().replace(/\s+/g, '-')}`;
  return (
    <section aria-labelledby={id} className="flex flex-col gap-4 border-t border-[var(--color-line)] pt-6">
      <h2 id={id} className="font-serif text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}
