import { z } from 'zod';

// Imported first by the editor's browser-side parsers. zod decides when each object schema is
// built whether it may compile a parser with `Function("")`; that probe alone is reported as a
// Content-Security-Policy violation (no 'unsafe-eval'). Only in the browser: the setting is
// global, and the server keeps zod's faster compiled parsers.
if (typeof window !== 'undefined') z.config({ jitless: true });
