import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What a platform says about a team member that sopbot needs for schedules and language: their
 * zone and locale (Slack `users.info` tz/locale), cached with the time it was read. Configured
 * values (`teams.<team>.members[].timezone`) win over these.
 */
export const memberProfiles = pgTable(
  'member_profiles',
  {
    platform: text('platform').notNull(),
    userId: text('user_id').notNull(),
    name: text('name'),
    timeZone: text('time_zone'),
    locale: text('locale'),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.userId] })],
);
