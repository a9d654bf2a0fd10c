DROP INDEX `comments_post_status_created_idx`;--> statement-breakpoint
CREATE INDEX `comments_post_status_created_idx` ON `comments` (`post_id`,`status`,`created_at`,`parent_id`,`author_id`);