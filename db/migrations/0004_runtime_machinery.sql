CREATE TABLE "blobs" (
	"id" text PRIMARY KEY NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cron_runs" (
	"job" text NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"status" text NOT NULL,
	"late_ms" integer DEFAULT 0 NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"last_error" text,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "cron_runs_job_slot_pk" PRIMARY KEY("job","slot")
);
--> statement-breakpoint
CREATE TABLE "form_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"form_id" text NOT NULL,
	"platform" text NOT NULL,
	"workspace_id" integer NOT NULL,
	"user_id" text NOT NULL,
	"locale" text NOT NULL,
	"form" jsonb NOT NULL,
	"context" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live_messages" (
	"subject" text PRIMARY KEY NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"thread_id" text,
	"posted_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	"edits" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"subject" text NOT NULL,
	"platform" text NOT NULL,
	"op" text NOT NULL,
	"payload" jsonb NOT NULL,
	"dedupe_key" text,
	"revision" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "thread_owners" (
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"thread_id" text NOT NULL,
	"owner" text NOT NULL,
	"subject" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "thread_owners_platform_channel_id_thread_id_pk" PRIMARY KEY("platform","channel_id","thread_id")
);
--> statement-breakpoint
CREATE TABLE "member_profiles" (
	"platform" text NOT NULL,
	"user_id" text NOT NULL,
	"name" text,
	"time_zone" text,
	"locale" text,
	"fetched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "member_profiles_platform_user_id_pk" PRIMARY KEY("platform","user_id")
);
--> statement-breakpoint
ALTER TABLE "timers" DROP CONSTRAINT "timers_ticket_id_tickets_id_fk";
--> statement-breakpoint
DROP INDEX "timers_ticket_pending_idx";--> statement-breakpoint
DROP INDEX "tickets_source_idx";--> statement-breakpoint
DROP INDEX "tickets_origin_idx";--> statement-breakpoint
ALTER TABLE "timers" ADD COLUMN "subject" text;--> statement-breakpoint
-- Data kept across the upgrade: ticket timers keep their ticket as subject; chat messages still
-- waiting in the old `chat.send` timers move to the outbox (same op and payload shapes); ticket
-- cards become live messages; ticket threads get their owner.
UPDATE "timers" SET "subject" = 'ticket:' || "ticket_id" WHERE "ticket_id" IS NOT NULL;--> statement-breakpoint
INSERT INTO "outbox" ("subject", "platform", "op", "payload", "dedupe_key", "status", "due_at", "attempts", "created_at")
SELECT CASE WHEN "payload"->>'op' = 'card' THEN 'live:ticket:' || ("payload"->>'ticketId')
            ELSE coalesce('ticket:' || "ticket_id", 'timer:' || "id") END, "payload"->>'platform',
  CASE WHEN "payload"->>'op' = 'card' THEN 'live' ELSE "payload"->>'op' END,
  CASE WHEN "payload"->>'op' = 'card' THEN jsonb_build_object('live', 'ticket:' || ("payload"->>'ticketId'), 'mode', 'refresh')
       ELSE "payload" - 'platform' - 'op' END,
  CASE WHEN "payload"->>'op' = 'card' THEN 'live:ticket:' || ("payload"->>'ticketId') END,
  'pending', "due_at", "attempts", "created_at"
FROM "timers" WHERE "kind" = 'chat.send' AND "status" = 'pending';--> statement-breakpoint
UPDATE "timers" SET "status" = 'cancelled' WHERE "kind" = 'chat.send' AND "status" = 'pending';--> statement-breakpoint
INSERT INTO "live_messages" ("subject", "platform", "channel_id", "message_id", "thread_id", "posted_at")
SELECT 'ticket:' || t."id", w."platform", t."card_channel_id", t."card_message_id",
  CASE WHEN t."thread_id" IS DISTINCT FROM t."card_message_id" THEN t."thread_id" END, t."created_at"
FROM "tickets" t JOIN "workspaces" w ON w."id" = t."workspace_id"
WHERE t."card_message_id" IS NOT NULL AND t."card_channel_id" IS NOT NULL;--> statement-breakpoint
INSERT INTO "thread_owners" ("platform", "channel_id", "thread_id", "owner", "subject", "created_at")
SELECT w."platform", t."channel_id", t."thread_id", 'ticket', 'ticket:' || t."id", t."created_at"
FROM "tickets" t JOIN "workspaces" w ON w."id" = t."workspace_id"
WHERE t."channel_id" IS NOT NULL AND t."thread_id" IS NOT NULL
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Before the unique keys: older duplicates (made before the database enforced one ticket per
-- source) keep their ticket but lose the duplicate key; the oldest ticket keeps it.
UPDATE "tickets" t SET "origin_event" = NULL WHERE "origin_event" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "tickets" o WHERE o."workspace_id" = t."workspace_id" AND o."origin_event" = t."origin_event" AND o."id" < t."id");--> statement-breakpoint
UPDATE "tickets" t SET "source_message_id" = NULL WHERE "source_message_id" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "tickets" o WHERE o."workspace_id" = t."workspace_id" AND o."channel_id" IS NOT DISTINCT FROM t."channel_id"
    AND o."source_message_id" = t."source_message_id" AND o."id" < t."id");--> statement-breakpoint
CREATE INDEX "cron_runs_claimed_idx" ON "cron_runs" USING btree ("claimed_until") WHERE status = 'claimed';--> statement-breakpoint
CREATE INDEX "form_sessions_expires_idx" ON "form_sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "live_messages_ref_idx" ON "live_messages" USING btree ("platform","channel_id","message_id");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_subject_pending_idx" ON "outbox" USING btree ("subject","id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_dedupe_pending_uq" ON "outbox" USING btree ("dedupe_key") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "thread_owners_subject_idx" ON "thread_owners" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "timers_subject_pending_idx" ON "timers" USING btree ("subject") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_source_uq" ON "tickets" USING btree ("workspace_id","channel_id","source_message_id") WHERE source_message_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_origin_uq" ON "tickets" USING btree ("workspace_id","origin_event") WHERE origin_event is not null;--> statement-breakpoint
ALTER TABLE "timers" DROP COLUMN "ticket_id";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "card_channel_id";--> statement-breakpoint
ALTER TABLE "tickets" DROP COLUMN "card_message_id";