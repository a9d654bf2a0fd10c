import { z } from 'zod';

/** A database id from a URL segment: 1 to 9,999,999,999, digits only. */
export const idParam = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/)
  .transform(Number);
