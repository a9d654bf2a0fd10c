import { z } from 'zod';

/** A database id from a URL segment: 1 to 9,999,999,999, digits only. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number);

/**
 * The query fields every admin page reads: an action's sentence (`?notice=`, `?problem=`), and for
 * lists the page number (read by parsePageNumber). Anything unreadable is simply absent.
 */
export const noticeParams = {
  notice: z.string().max(300).optional().catch(undefined),
  problem: z.string().max(300).optional().catch(undefined),
};
export const listParams = { ...noticeParams, page: z.string().optional().catch(undefined) };
