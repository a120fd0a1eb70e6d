CREATE TABLE "oncall_overrides" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team" text NOT NULL,
	"tier" text NOT NULL,
	"user_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_clocks" (
	"ticket_id" bigint PRIMARY KEY NOT NULL,
	"generation" integer DEFAULT 0 NOT NULL,
	"priority" text NOT NULL,
	"team" text,
	"policy" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stopped_at" timestamp with time zone,
	"first_response_due" timestamp with time zone,
	"resolve_due" timestamp with time zone,
	"restore_due" timestamp with time zone,
	"restored_at" timestamp with time zone,
	"breached_at" timestamp with time zone,
	"notified" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"level" integer DEFAULT 0 NOT NULL,
	"level_since" timestamp with time zone NOT NULL,
	"paged_level" integer DEFAULT -1 NOT NULL,
	"paged_at" timestamp with time zone,
	"pings" integer DEFAULT 0 NOT NULL,
	"chain_active" boolean DEFAULT true NOT NULL,
	"card_line" text,
	"card_edited_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timer_audits" (
	"name" text PRIMARY KEY NOT NULL,
	"alerted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"ticket_id" bigint,
	"generation" integer DEFAULT 0 NOT NULL,
	"dedupe_key" text,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"claimed_by" text,
	"claimed_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"fired_at" timestamp with time zone,
	"late_ms" integer,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sla_clocks" ADD CONSTRAINT "sla_clocks_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timers" ADD CONSTRAINT "timers_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oncall_overrides_lookup_idx" ON "oncall_overrides" USING btree ("team","tier","ends_at");--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "timers" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "timers_ticket_pending_idx" ON "timers" USING btree ("ticket_id") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "timers_dedupe_pending_uq" ON "timers" USING btree ("dedupe_key") WHERE status = 'pending';