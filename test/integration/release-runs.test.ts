/**
 * Release runs through the event pipeline on a real database: T0 in the future, re-pings every
 * `remindEvery` until done, a blocked monitor that does not end, on-call owners resolved when the
 * step comes due, the outage's no-go branch, the refund's roles and its role approver, the
 * launch-day times in Los Angeles across the spring-forward gap, cancelling, and every refusal
 * (with the usage, changing nothing).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useReleaseApp } from '../helpers/release-app.ts';

const templates = mkdtempSync(join(tmpdir(), 'sopbot-oncall-'));
writeFileSync(
  join(templates, 'page-drill.yaml'),
  `name: page-drill
title: { zh-CN: 值班演练, en: Paging drill }
sections:
  - title: { zh-CN: 演练, en: Drill }
    steps:
      - { id: page, title: { zh-CN: 呼叫值班, en: Page the on-call }, owner: { oncall: ops/L1 }, due: T+1m }
`,
);

const T0 = Date.parse('2026-03-02T02:00:00Z'); // 10:00 in Shanghai
const M = 60_000;
const config = {
  locale: 'en',
  timezone: 'Asia/Shanghai',
  admins: ['U0ADMIN'],
  intake: [{ channel: 'C0SUP', team: 'ops' }],
  teams: {
    ops: { channel: 'C0OPS', tiers: [{ name: 'L1', rotation: { members: ['U0ONCALL'] } }] },
  },
  releases: { templates, approvers: ['U0LEAD'], remindEvery: '15m' },
};
const r = useReleaseApp({ config, start: T0 });

async function runOf(name: string) {
  const found = await r.app.services.releases.queries.byName('slack', null, [name]);
  if (!found) throw new Error(`no release ${name}`);
  return r.app.services.releases.queries.byId(found.run.id);
}

async function logOf(name: string) {
  const found = await runOf(name);
  return r.app.services.releases.queries.events(found?.run.id ?? 0);
}

describe('time', () => {
  it('T0 in the future: the plan at once, steps due before T0 pinged on time, T0 announced', async () => {
    const answer = await r.release('U0ANN', 'start prelaunch P-1 at 2026-03-05 10:00');
    expect(answer).toContain('T0 is in 3d');
    const header = r.said.of('post')[0];
    expect(JSON.stringify(header?.message)).toContain('⏳ T0 in 3d');
    const run = (await runOf('P-1'))?.run;
    expect(run?.t0.toISOString()).toBe('2026-03-05T02:00:00.000Z');
    expect(run?.t0ReachedAt).toBeNull();
    expect(await r.at(Date.parse('2026-03-05T02:00:00Z'))).toContain('▶️ T0: P-1 starts now (10:00).');
    expect((await logOf('P-1')).filter((e) => e.kind === 't0')).toHaveLength(1);
  });

  it('re-pings a due step every remindEvery until it is done, once per interval', async () => {
    await r.release('U0ANN', 'start outage INC-1');
    expect(r.textSince(0)).toContain('1. Outage detected is due (10:00): anyone');
    expect(await r.at(T0 + 14 * M)).not.toContain('Reminder');
    expect(await r.at(T0 + 15 * M)).toContain(
      '⏰ Reminder 1: 1. Outage detected is still open (due 10:00): anyone',
    );
    expect(await r.at(T0 + 16 * M)).not.toContain('Reminder');
    expect(await r.at(T0 + 31 * M)).toContain('Reminder 2: 1. Outage detected');
    await r.release('U0ANN', 'done INC-1 detected');
    expect(await r.at(T0 + 60 * M)).not.toContain('1. Outage detected is still open');
    const reminded = (await logOf('INC-1')).filter((e) => e.kind === 'reminded' && e.step === 1);
    expect(reminded.map((e) => e.data.n)).toEqual([1, 2]);
  });

  it('an on-call owner is whoever is on call when the step comes due', async () => {
    await r.release('U0ANN', 'start page-drill PD-1');
    expect(JSON.stringify(r.said.of('post')[1]?.message)).toContain('on call ops/L1');
    expect(await r.at(T0 + M)).toContain('1. Page the on-call is due (10:01): @U0ONCALL');
    expect((await runOf('PD-1'))?.steps[0]?.owners).toEqual(['U0ONCALL']);
  });

  it('a blocked monitor does not end with its window', async () => {
    await r.release('U0ANN', 'start staged-rollout R-1 ops=@U0OPS');
    for (const s of [
      'build',
      'upload',
      'ops-acceptance',
      'confirm-time',
      'alerts-on',
      'contingency',
      'inform-teams',
      'release-1',
    ])
      await r.release('U0OPS', `done R-1 ${s}`);
    const blocked = await r.release('U0OPS', 'block R-1 monitor-1 dashboards are down');
    expect(blocked).toContain('9. Monitor (2 hours) is blocked (R-1).');
    expect(r.textSince(0)).toContain('🚫 9. Monitor (2 hours) is blocked, said @U0OPS — dashboards are down');
    await r.at(T0 + 3 * 60 * M);
    const steps = (await runOf('R-1'))?.steps ?? [];
    expect(steps.find((s) => s.id === 'monitor-1')?.state).toBe('blocked');
    expect(steps.find((s) => s.id === 'go-5')?.duePingedAt).toBeNull();
    const header = r.said
      .of('update')
      .filter((u) => !u.ref.threadId)
      .at(-1);
    expect(JSON.stringify(header?.message)).toContain('🚫 1 — 9. Monitor (2 hours)');
  });
});

describe('branches, roles and zones', () => {
  it('outage: a no-go that continues takes the fallback branch and skips the fix', async () => {
    await r.release('U0ANN', 'start outage INC-2');
    for (const s of ['detected', 'assemble', 'diagnose']) await r.release('U0ANN', `done INC-2 ${s}`);
    expect(await r.release('U0LEAD', 'nogo INC-2 quick-fix not quickly')).toContain('is decided: No-go');
    const steps = (await runOf('INC-2'))?.steps ?? [];
    expect(steps.find((s) => s.id === 'apply-fix')).toMatchObject({
      state: 'skipped',
      completedBy: 'sopbot',
    });
    expect(steps.find((s) => s.id === 'fallback')?.duePingedAt).not.toBeNull();
    expect(steps.find((s) => s.id === 'verify')?.dueAt).toBeNull();
    await r.release('U0ANN', 'done INC-2 fallback');
    expect((await runOf('INC-2'))?.steps.find((s) => s.id === 'verify')?.dueAt).not.toBeNull();
    expect((await runOf('INC-2'))?.run.status).toBe('running');
  });

  it('refund: roles fill owners, the 客服主管 role decides the gate, finance counts from the approval', async () => {
    const started = await r.release('U0ANN', 'start refund RF-1 客服=@U0ANN 客服主管=@U0SUP finance=@U0FIN');
    expect(started).toContain('Started RF-1 (refund)');
    await r.release('U0ANN', 'done RF-1 receive');
    expect(await r.release('U0LEAD', 'go RF-1 review')).toContain('its approvers are @U0SUP');
    r.clock.set(T0 + 30 * M);
    expect(await r.release('U0SUP', 'go RF-1 review')).toContain(
      '2. Review the reason for the refund is decided: Go.',
    );
    const execute = (await runOf('RF-1'))?.steps.find((s) => s.id === 'execute');
    expect(execute?.dueAt?.getTime()).toBe(T0 + 30 * M + 24 * 60 * M);
    expect(await r.release('U0BOB', 'done RF-1 execute')).toContain(
      'Only the owners of 3. Carry out the refund (@U0FIN)',
    );
    expect(await r.release('U0FIN', 'done RF-1 execute')).toContain('3. Carry out the refund is done');
  });

  it('launch-day keeps Los Angeles time: 02:00 on the spring-forward day shows as 03:00', async () => {
    r.clock.set(Date.parse('2026-03-08T07:00:00Z')); // 23:00 on 03-07 in Los Angeles
    await r.release('U0ANN', 'start launch-day L-1 at 2026-03-08 00:00');
    const run = (await runOf('L-1'))?.run;
    expect(run?.zone).toBe('America/Los_Angeles');
    expect(run?.t0.toISOString()).toBe('2026-03-08T08:00:00.000Z');
    const finalCheck = (await runOf('L-1'))?.steps.find((s) => s.id === 'final-check');
    expect(finalCheck?.dueAt?.toISOString()).toBe('2026-03-08T10:00:00.000Z'); // 03:00 PDT
    const reply = r.said.of('post').find((p) => JSON.stringify(p.message).includes('Final check'));
    expect(JSON.stringify(reply?.message)).toContain('"Due","value":"03:00"');
  });
});

describe('refusals and the record', () => {
  it('bad input gets a clear error with the usage and changes nothing', async () => {
    const nope = await r.release('U0ANN', 'start nope X');
    expect(nope).toMatch(/There is no template "nope"\. Templates: .*staged-rollout.*\nUsage:/);
    // The usage of the subcommand that failed, not the whole list.
    expect(nope).toContain('Usage:\n/release start <template> <name> [at <time>]');
    expect(nope).not.toContain('/release cancel');
    expect(await r.release('U0ANN', 'start staged-rolout X')).toContain(
      'There is no template "staged-rolout". Did you mean "staged-rollout"? Templates:',
    );
    await r.release('U0ANN', 'start outage INC-3');
    const posts = r.said.of('post').length;
    expect(await r.release('U0BOB', 'start outage inc-3')).toContain(
      'A release named inc-3 is already running.',
    );
    expect(await r.release('U0ANN', 'start outage INC-4 at 09:00')).toContain(
      '09:00 is in the past (it is 2026-03-02 10:00 now in Asia/Shanghai)',
    );
    expect(await r.release('U0ANN', 'done INC-3 nope')).toContain('Release INC-3 has no step "nope"');
    // An unknown release is quoted by its name, not with the step or reason after it.
    expect(await r.release('U0ANN', 'done INC-9 1')).toContain('There is no release "INC-9". Running: INC-3');
    expect(await r.release('U0ANN', 'cancel INC-9 not needed')).toContain('There is no release "INC-9".');
    expect(await r.release('U0ANN', 'status INC-9 beta')).toContain('There is no release "INC-9 beta".');
    expect(await r.release('U0ANN', 'done INC-3 quick-fix')).toContain(
      'is a gate: decide it with /release go|nogo INC-3',
    );
    expect(await r.release('U0ANN', 'go INC-3 quick-fix')).toContain('is not open yet: it waits on diagnose');
    await r.release('U0ANN', 'done INC-3 1');
    const again = await r.release('U0ANN', 'done INC-3 1');
    expect(again).toContain('1. Outage detected is already done (@U0ANN): nothing changed.');
    expect(again).toContain('Usage:\n/release done|skip|block <name> <step> [reason]');
    expect(again).not.toContain('/release start');
    expect(await r.release('U0ANN', 'frobnicate')).toContain('Unknown subcommand "frobnicate"');
    expect(await r.release('U0ANN', 'help')).toContain('/release start <template> <name> [at <time>]');
    expect(r.said.of('post').length).toBe(posts);
    expect((await logOf('INC-3')).filter((e) => e.kind === 'done')).toHaveLength(1);
  });

  it('a template may be named by the title the template list shows, in either language', async () => {
    await r.release('U0ANN', 'start 灰度发布 R-7');
    expect((await runOf('R-7'))?.run.template.name).toBe('staged-rollout');
    expect(await r.release('U0ANN', 'templates Staged rollout')).toContain('staged-rollout');
    expect(await r.release('U0ANN', 'templates 灰度发布')).toContain('staged-rollout');
    expect(await r.release('U0ANN', 'start 灰度发布x R-8')).toContain(
      'There is no template "灰度发布x". Did you mean "灰度发布"?',
    );
  });

  it('cancel and rollback are for the starter, approvers and admins; finished runs keep their outcome', async () => {
    await r.release('U0ANN', 'start staged-rollout R-2');
    expect(await r.release('U0BOB', 'cancel R-2')).toContain(
      'Only the starter of R-2, its approvers and admins may do that.',
    );
    expect(await r.release('U0LEAD', 'rollback R-2 metrics look bad')).toContain(
      'Started R-2-rollback, the rollback of R-2.',
    );
    expect((await runOf('R-2'))?.run.outcome).toMatchObject({
      kind: 'rolled_back',
      by: 'U0LEAD',
      rollback: 'R-2-rollback',
    });
    expect(await r.release('U0ANN', 'done R-2 build')).toContain(
      'Release R-2 is stopped: nothing to change.',
    );
    expect(await r.release('U0ADMIN', 'cancel R-2-rollback wrong button')).toContain(
      'R-2-rollback is cancelled.',
    );
    const list = await r.release('U0ANN', 'list');
    expect(list).toContain('R-2-rollback (rollback) — ✖ cancelled');
    expect(list).toContain('R-2 (staged-rollout) — ↩️ rolled back (R-2-rollback)');
    expect(await r.release('U0ANN', 'status R-2')).toContain('rollback started: R-2-rollback');
    // The name is free again once a run ends.
    expect(await r.release('U0ANN', 'start staged-rollout R-2')).toContain('Started R-2 (staged-rollout)');
  });

  it('templates: the list and one template’s steps', async () => {
    const list = await r.release('U0ANN', 'templates');
    expect(list).toContain('staged-rollout — Staged rollout (23 steps)');
    expect(list).toContain('launch-day — Launch day (15 steps, America/Los_Angeles)');
    const one = await r.release('U0ANN', 'templates refund');
    expect(one).toContain('2. Review the reason for the refund — gate, T+2h, role Support lead');
    expect(one).toContain('3. Carry out the refund — task, after review (+1d), role Finance');
  });
});
