type JsonLdProps = { data: Record<string, unknown> };

/** Structured data for search engines; `<` is escaped so no text can close the script element. */
export function JsonLd({ data }: JsonLdProps) {
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: json }} />;
}
