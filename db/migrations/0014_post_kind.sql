DROP INDEX `posts_status_published_idx`;--> statement-breakpoint
DROP INDEX `posts_author_status_published_idx`;--> statement-breakpoint
DROP INDEX `posts_search_idx`;--> statement-breakpoint
ALTER TABLE `posts` ADD `kind` text DEFAULT 'post' NOT NULL;--> statement-breakpoint
CREATE INDEX `posts_status_published_idx` ON `posts` (`status`,`kind`,`published_at`);--> statement-breakpoint
CREATE INDEX `posts_author_status_published_idx` ON `posts` (`author_id`,`status`,`kind`,`published_at`);--> statement-breakpoint
CREATE INDEX `posts_search_idx` ON `posts` (`id`,`status`,`kind`,`published_at`);