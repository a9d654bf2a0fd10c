CREATE TABLE `import_items` (
	`source` text NOT NULL,
	`kind` text NOT NULL,
	`external_id` text NOT NULL,
	`local_id` text NOT NULL,
	`checksum` text DEFAULT '' NOT NULL,
	`local_version` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	PRIMARY KEY(`source`, `kind`, `external_id`)
);
--> statement-breakpoint
CREATE INDEX `import_items_local_idx` ON `import_items` (`kind`,`local_id`);--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`format` text,
	`status` text DEFAULT 'running' NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`report` text,
	`error` text,
	`started_by` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`finished_at` integer,
	FOREIGN KEY (`started_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
ALTER TABLE `comments` ADD `author_email` text;--> statement-breakpoint
ALTER TABLE `comments` ADD `author_url` text;