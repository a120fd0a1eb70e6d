import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchProfile, ProfileCache } from '../../src/platforms/slack/profile.ts';
import { type FakeSlack, startFakeSlack } from '../helpers/fake-slack.ts';
import { type SlackWeb, slackWeb } from '../helpers/slack-web.ts';

let fake: FakeSlack;
let web: SlackWeb;

beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  web = slackWeb(fake.apiUrl);
  fake.users.set('U0ANN', { tz: 'Asia/Shanghai', locale: 'zh-CN', display_name: '安', real_name: 'Ann Li' });
  fake.users.set('U0BOB', { tz: 'America/New_York', locale: 'en-US', real_name: 'Bob Stone' });
});

describe('slack member profiles', () => {
  it('reads zone, locale and name from users.info with include_locale', async () => {
    expect(await fetchProfile(web.api, 'U0ANN')).toEqual({
      timeZone: 'Asia/Shanghai',
      locale: 'zh-CN',
      name: '安',
    });
    expect(await fetchProfile(web.api, 'U0BOB')).toEqual({
      timeZone: 'America/New_York',
      locale: 'en-US',
      name: 'Bob Stone',
    });
    expect(fake.callsTo('users.info').map((c) => c.args)).toEqual([
      { user: 'U0ANN', include_locale: 'true' },
      { user: 'U0BOB', include_locale: 'true' },
    ]);
  });

  it('leaves out a zone that is not a real IANA zone', async () => {
    fake.users.set('U0ODD', { tz: 'Mars/Olympus_Mons', locale: 'en-GB', name: 'odd' });
    expect(await fetchProfile(web.api, 'U0ODD')).toEqual({ locale: 'en-GB', name: 'odd' });
  });

  it('answers an unknown member with an empty profile', async () => {
    expect(await fetchProfile(web.api, 'U0GONE')).toEqual({});
  });

  it('retries a failing users.info on the send queue', async () => {
    fake.failNext('users.info', { status: 500 });
    expect((await fetchProfile(web.api, 'U0ANN', web.queues)).timeZone).toBe('Asia/Shanghai');
    expect(fake.attempts('users.info').map((c) => c.status)).toEqual([500, 200]);
  });
});

describe('slack profile cache', () => {
  it('asks Slack once per member per hour, and concurrent asks share one call', async () => {
    let now = 0;
    const cache = new ProfileCache(web.api, { now: () => now });
    const [a, b] = await Promise.all([cache.get('U0ANN'), cache.get('U0ANN')]);
    expect(a).toEqual(b);
    now += 59 * 60_000;
    await cache.get('U0ANN');
    expect(fake.callsTo('users.info')).toHaveLength(1);
    now += 2 * 60_000;
    fake.users.set('U0ANN', { tz: 'Europe/Berlin', locale: 'de-DE', display_name: 'Ann' });
    expect(await cache.get('U0ANN')).toEqual({ timeZone: 'Europe/Berlin', locale: 'de-DE', name: 'Ann' });
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });

  it('caches unknown members, not failures', async () => {
    const cache = new ProfileCache(web.api, { now: () => 0 });
    expect(await cache.get('U0GONE')).toEqual({});
    expect(await cache.get('U0GONE')).toEqual({});
    expect(fake.attempts('users.info')).toHaveLength(1);
    fake.failNext('users.info', { error: 'internal_error' });
    await expect(cache.get('U0BOB')).rejects.toMatchObject({ data: { error: 'internal_error' } });
    expect((await cache.get('U0BOB')).name).toBe('Bob Stone');
  });

  it('forgets a member on request', async () => {
    const cache = new ProfileCache(web.api, { now: () => 0 });
    await cache.get('U0ANN');
    cache.forget('U0ANN');
    await cache.get('U0ANN');
    expect(fake.callsTo('users.info')).toHaveLength(2);
  });
});
