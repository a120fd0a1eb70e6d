CREATE TABLE "release_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"run_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text NOT NULL,
	"kind" text NOT NULL,
	"step" integer,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "release_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workspace_id" integer,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"name" text NOT NULL,
	"template_name" text NOT NULL,
	"template" jsonb NOT NULL,
	"locale" text NOT NULL,
	"zone" text NOT NULL,
	"t0" timestamp with time zone NOT NULL,
	"t0_reached_at" timestamp with time zone,
	"status" text NOT NULL,
	"outcome" jsonb,
	"starter_id" text,
	"roles" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"parent_id" bigint,
	"schedule_key" text,
	"origin" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "release_steps" (
	"run_id" bigint NOT NULL,
	"number" integer NOT NULL,
	"step_id" text NOT NULL,
	"state" text NOT NULL,
	"due_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"due_pinged_at" timestamp with time zone,
	"last_reminded_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL,
	"owners" jsonb,
	"decision" text,
	"votes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"late_ms" integer,
	"completed_at" timestamp with time zone,
	"completed_by" text,
	"note" text,
	CONSTRAINT "release_steps_run_id_number_pk" PRIMARY KEY("run_id","number")
);
--> statement-breakpoint
ALTER TABLE "release_events" ADD CONSTRAINT "release_events_run_id_release_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."release_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "release_steps" ADD CONSTRAINT "release_steps_run_id_release_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."release_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "release_events_run_idx" ON "release_events" USING btree ("run_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "release_runs_running_name_uq" ON "release_runs" USING btree ("platform",lower("name")) WHERE status = 'running';--> statement-breakpoint
CREATE UNIQUE INDEX "release_runs_origin_uq" ON "release_runs" USING btree ("origin") WHERE origin is not null;--> statement-breakpoint
CREATE INDEX "release_runs_platform_idx" ON "release_runs" USING btree ("platform","id");--> statement-breakpoint
CREATE INDEX "release_runs_schedule_idx" ON "release_runs" USING btree ("schedule_key","id");--> statement-breakpoint
CREATE INDEX "release_runs_parent_idx" ON "release_runs" USING btree ("parent_id");