CREATE TABLE `pending_comments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`post_id` integer NOT NULL,
	`parent_id` integer,
	`body` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_comments_token_hash_unique` ON `pending_comments` (`token_hash`);--> statement-breakpoint
CREATE INDEX `pending_comments_expires_idx` ON `pending_comments` (`expires_at`);