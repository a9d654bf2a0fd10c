-- A number per post that changes whenever the post's comment threads may have changed other than by a
-- new comment at the end: a comment updated (status, parent, date, post), deleted, or written before
-- the newest one or under a comment not shown to everyone (an import). Kept by the database itself, so
-- no code path (moderation, imports, account deletion, the command line) can forget it. While it stays
-- the same, where a new comment lands is counted from the comments after the last one counted
-- (db/queries/comments.ts countThreadsBeforeComment). SQLite only: PostgreSQL writers run side by
-- side, so "the newest comment" is not a fact there and it always counts the whole post. Not declared
-- in db/schema.ts, so drizzle-kit never diffs or drops it.
CREATE TABLE `comment_thread_versions` (
  `post_id` integer PRIMARY KEY NOT NULL,
  `version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER `comment_threads_insert` AFTER INSERT ON `comments`
WHEN EXISTS (
  -- Every status (db/schema.ts commentStatuses), so the (post, status, created) index is searched, not scanned.
  SELECT 1 FROM `comments` `c`
  WHERE `c`.`post_id` = new.`post_id` AND `c`.`status` IN ('visible', 'pending', 'removed', 'deleted')
    AND `c`.`created_at` >= new.`created_at` AND (`c`.`created_at`, `c`.`id`) > (new.`created_at`, new.`id`)
) OR EXISTS (
  SELECT 1 FROM `comments` `p`
  WHERE `p`.`id` = new.`parent_id` AND `p`.`status` NOT IN ('visible', 'removed')
)
BEGIN
  INSERT INTO `comment_thread_versions` (`post_id`) VALUES (new.`post_id`)
    ON CONFLICT (`post_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_threads_update` AFTER UPDATE OF `post_id`, `parent_id`, `status`, `created_at` ON `comments`
WHEN old.`post_id` IS NOT new.`post_id` OR old.`parent_id` IS NOT new.`parent_id`
  OR old.`status` IS NOT new.`status` OR old.`created_at` IS NOT new.`created_at`
BEGIN
  INSERT INTO `comment_thread_versions` (`post_id`) VALUES (old.`post_id`)
    ON CONFLICT (`post_id`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `comment_thread_versions` (`post_id`) VALUES (new.`post_id`)
    ON CONFLICT (`post_id`) DO UPDATE SET `version` = `version` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `comment_threads_delete` AFTER DELETE ON `comments`
BEGIN
  INSERT INTO `comment_thread_versions` (`post_id`) VALUES (old.`post_id`)
    ON CONFLICT (`post_id`) DO UPDATE SET `version` = `version` + 1;
END;
