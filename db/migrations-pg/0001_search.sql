-- Full-text search over posts, kept by the database itself (as FTS5's table and triggers are in the
-- SQLite migrations), so no code path can forget to update it: a stored generated tsvector column
-- with a GIN index. Not declared in db/schema-pg.ts, so drizzle-kit never diffs or drops it.
-- The words are indexed as FTS5's unicode61 tokenizer with remove_diacritics does: lower case,
-- accents removed, no stemming ('simple' plus unaccent).
CREATE EXTENSION IF NOT EXISTS unaccent;
--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION quire_search (COPY = pg_catalog.simple);
--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION quire_search
  ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
  WITH unaccent, simple;
--> statement-breakpoint
-- Weights stand for FTS5's bm25(10.0, 4.0, 1.0): title A, excerpt B, body C (ts_rank's weights are
-- given where the search ranks).
ALTER TABLE "posts" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('quire_search', "title"), 'A')
  || setweight(to_tsvector('quire_search', "excerpt"), 'B')
  || setweight(to_tsvector('quire_search', "body_text"), 'C')
) STORED;
--> statement-breakpoint
CREATE INDEX "posts_search_vector_idx" ON "posts" USING gin ("search_vector");
--> statement-breakpoint
-- The moderation log is append-only, as the SQLite triggers of migration 0006 make it.
CREATE FUNCTION "moderation_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'The moderation log cannot be changed.';
END
$$;
--> statement-breakpoint
CREATE TRIGGER "moderation_log_no_change" BEFORE UPDATE OR DELETE ON "moderation_log"
  FOR EACH ROW EXECUTE FUNCTION "moderation_log_refuse_change"();
