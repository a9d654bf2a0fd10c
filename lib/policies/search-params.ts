import { z } from 'zod';
import { parsePageNumber } from '@/lib/policies/pagination';

/** The longest query searched; the rest of a longer one is dropped (the form allows no more). */
export const MAX_SEARCH_LENGTH = 200;

export type SearchParamsInput = Record<string, string | string[] | undefined>;

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);

// The first `q` and `page`, as proxy.ts reads them; a junk page number is page 1.
const searchParamsSchema = z.object({
  q: z.preprocess(firstValue, z.string().optional()).transform((q) => (q ?? '').trim().slice(0, MAX_SEARCH_LENGTH)),
  page: z.preprocess(firstValue, z.string().optional()).transform((page) => parsePageNumber(page) ?? 1),
});

/** A search's query (trimmed, at most MAX_SEARCH_LENGTH characters) and page number. */
export function parseSearchParams(input: SearchParamsInput): { q: string; page: number } {
  return searchParamsSchema.parse(input);
}
