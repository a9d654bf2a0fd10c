-- Full-text search over posts, kept in sync by the database itself (external-content FTS5
-- table plus triggers), so no code path can forget to update the index.
CREATE VIRTUAL TABLE `posts_fts` USING fts5(
  title, excerpt, body_text,
  content='posts', content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
);
--> statement-breakpoint
INSERT INTO `posts_fts`(rowid, title, excerpt, body_text) SELECT id, title, excerpt, body_text FROM `posts`;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_insert` AFTER INSERT ON `posts` BEGIN
  INSERT INTO `posts_fts`(rowid, title, excerpt, body_text) VALUES (new.id, new.title, new.excerpt, new.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_delete` AFTER DELETE ON `posts` BEGIN
  INSERT INTO `posts_fts`(`posts_fts`, rowid, title, excerpt, body_text) VALUES ('delete', old.id, old.title, old.excerpt, old.body_text);
END;
--> statement-breakpoint
CREATE TRIGGER `posts_fts_after_update` AFTER UPDATE OF title, excerpt, body_text ON `posts` BEGIN
  INSERT INTO `posts_fts`(`posts_fts`, rowid, title, excerpt, body_text) VALUES ('delete', old.id, old.title, old.excerpt, old.body_text);
  INSERT INTO `posts_fts`(rowid, title, excerpt, body_text) VALUES (new.id, new.title, new.excerpt, new.body_text);
END;
--> statement-breakpoint
-- Rank with title matches weighing most, then the excerpt, then the body; `ORDER BY rank` on the
-- FTS table itself is then a fast top-N inside FTS5.
INSERT INTO `posts_fts`(`posts_fts`, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');
