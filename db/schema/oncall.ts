import { bigserial, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * `/oncall override`: someone covers a team's tier for a while. The newest override covering an
 * instant wins over the rotation; rows are kept as the history of who covered when.
 */
export const oncallOverrides = pgTable(
  'oncall_overrides',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    team: text('team').notNull(),
    tier: text('tier').notNull(),
    userId: text('user_id').notNull(),
    startsAt: ts('starts_at').notNull(),
    endsAt: ts('ends_at').notNull(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('oncall_overrides_lookup_idx').on(t.team, t.tier, t.endsAt)],
);
