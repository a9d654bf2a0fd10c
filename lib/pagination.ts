import { z } from 'zod';

const pageNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,5}$/)
  .transform(Number);

/** A page number from a URL segment, or null for junk ("0", "abc", "1e3", "-1"). */
export function parsePageNumber(value: string | undefined): number | null {
  if (value === undefined) return 1;
  const parsed = pageNumber.safeParse(value);
  return parsed.success ? parsed.data : null;
}
