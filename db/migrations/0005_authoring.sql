CREATE TABLE `post_redirects` (
	`path` text PRIMARY KEY NOT NULL,
	`post_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `post_redirects_post_idx` ON `post_redirects` (`post_id`);--> statement-breakpoint
CREATE TABLE `post_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`post_id` integer NOT NULL,
	`author_id` text,
	`kind` text NOT NULL,
	`session_id` text,
	`title` text NOT NULL,
	`document` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`saved_at` integer NOT NULL,
	FOREIGN KEY (`post_id`) REFERENCES `posts`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `post_revisions_post_idx` ON `post_revisions` (`post_id`,`saved_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `post_revisions_session_unique` ON `post_revisions` (`post_id`,`session_id`);--> statement-breakpoint
CREATE TABLE `uploads` (
	`id` text PRIMARY KEY NOT NULL,
	`uploader_id` text,
	`original_name` text NOT NULL,
	`width` integer NOT NULL,
	`height` integer NOT NULL,
	`variants` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`uploader_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `uploads_uploader_idx` ON `uploads` (`uploader_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `posts` ADD `custom_excerpt` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `slug_auto` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `seo_title` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `seo_description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `posts` ADD `edited_at` integer;--> statement-breakpoint
ALTER TABLE `posts` ADD `trashed_at` integer;--> statement-breakpoint
ALTER TABLE `posts` ADD `working_revision_id` integer;--> statement-breakpoint
CREATE INDEX `posts_author_edited_idx` ON `posts` (`author_id`,`edited_at`);--> statement-breakpoint
CREATE INDEX `posts_edited_idx` ON `posts` (`edited_at`);--> statement-breakpoint
UPDATE `posts` SET `custom_excerpt` = `excerpt`, `edited_at` = coalesce(`updated_at`, `published_at`, `created_at`);
