CREATE TABLE "daily_blockers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team" text NOT NULL,
	"owner_id" text NOT NULL,
	"field" text NOT NULL,
	"text" text NOT NULL,
	"opened_on" text NOT NULL,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_on" text,
	"resolved_at" timestamp with time zone,
	"resolved_by" text,
	"ticket_id" bigint,
	"ticket_number" integer
);
--> statement-breakpoint
CREATE TABLE "daily_compiled" (
	"team" text NOT NULL,
	"day" text NOT NULL,
	"compiled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "daily_compiled_team_day_pk" PRIMARY KEY("team","day")
);
--> statement-breakpoint
CREATE TABLE "daily_days_off" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"from_day" text NOT NULL,
	"to_day" text NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "daily_prompts" (
	"team" text NOT NULL,
	"member_id" text NOT NULL,
	"day" text NOT NULL,
	"status" text NOT NULL,
	"platform" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "daily_prompts_team_member_id_day_pk" PRIMARY KEY("team","member_id","day")
);
--> statement-breakpoint
CREATE TABLE "daily_reports" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"team" text NOT NULL,
	"member_id" text NOT NULL,
	"day" text NOT NULL,
	"platform" text NOT NULL,
	"values" jsonb NOT NULL,
	"filed_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "daily_reviews" (
	"team" text NOT NULL,
	"week_start" text NOT NULL,
	"values" jsonb NOT NULL,
	"numbers" jsonb NOT NULL,
	"actions" jsonb NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	CONSTRAINT "daily_reviews_team_week_start_pk" PRIMARY KEY("team","week_start")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "daily_blockers_report_field_uq" ON "daily_blockers" USING btree ("team","owner_id","opened_on","field");--> statement-breakpoint
CREATE INDEX "daily_blockers_team_idx" ON "daily_blockers" USING btree ("team","resolved_on");--> statement-breakpoint
CREATE INDEX "daily_days_off_member_idx" ON "daily_days_off" USING btree ("member_id","to_day");--> statement-breakpoint
CREATE UNIQUE INDEX "daily_reports_member_day_uq" ON "daily_reports" USING btree ("team","member_id","day");--> statement-breakpoint
CREATE INDEX "daily_reports_team_day_idx" ON "daily_reports" USING btree ("team","day");