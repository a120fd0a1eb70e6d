/**
 * The machinery's contracts end to end on the console, through a test-only module built like the
 * real ones (test/helpers/probe-module.ts): a form asked field by field, a bad value refused with
 * its field named and asked again (the form's own rule and the module's rule), a good one accepted;
 * a picture written as a PNG file with its path and a text rendering printed; a live message edited
 * in place; a click on a button nobody owns answered; a reply in a thread the module owns routed to it.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules.ts';
import { useConsoleApp } from '../helpers/console.ts';
import { PROBE_PNG, probeModule, probeState, resetProbe } from '../helpers/probe-module.ts';

const exportsDir = mkdtempSync(join(tmpdir(), 'sopbot-exports-'));
const { s } = useConsoleApp({
  config: { locale: 'en', timezone: 'UTC' },
  start: Date.parse('2026-03-02T10:00:00Z'),
  user: 'ann',
  channel: 'general',
  modules: [...MODULES, probeModule],
  exportsDir,
});
beforeEach(() => resetProbe());

describe('the machinery on the console', () => {
  it('a form: one prompt per field, bad values refused with the reason, a good submission accepted', async () => {
    const asked = await s.say('/probe form');
    expect(asked).toContain('Probe form');
    expect(asked).toContain('How many');
    expect(await s.say('many')).toMatch(/Enter a number\.[\s\S]*How many/);
    expect(await s.say('11')).toMatch(/At most 10\.[\s\S]*How many/);
    await s.say('7'); // passes the form's rule; the module refuses it after the last field
    await s.say('2026-12-24');
    const refused = await s.say('2');
    expect(refused).toContain('How many: seven is not allowed');
    expect(probeState.submitted).toEqual([]);
    const accepted = await s.say('3');
    expect(accepted).toContain('probe got 3 2026-12-24 blue');
    expect(probeState.submitted).toEqual([
      { count: 3, day: '2026-12-24', color: 'blue', asked: 'by command' },
    ]);
  });

  it('a picture: written under the exports folder, its path and text rendering printed', async () => {
    const out = await s.say('/probe image');
    const path = /🖼 Squares: (\S+\.png)/.exec(out)?.[1];
    expect(path?.startsWith(exportsDir)).toBe(true);
    expect(existsSync(path as string)).toBe(true);
    expect(readFileSync(path as string).equals(PROBE_PNG)).toBe(true);
    expect(out).toContain('■ ■');
  });

  it('a live message is posted once and edited in place', async () => {
    const first = await s.say('/probe live');
    expect(first).toContain('Probe counter: 1');
    expect(first).not.toContain('(card updated)');
    const bumped = await s.say('/probe bump');
    expect(bumped).toContain('(card updated)');
    expect(bumped).toContain('Probe counter: 2');
    // Its button is the module's card action: it bumps again, edited in place again.
    expect(await s.say('1')).toMatch(/\(card updated\)[\s\S]*Probe counter: 3/);
  });

  it('a click on a button nobody owns is answered, privately', async () => {
    await s.say('/probe orphan');
    expect(await s.say('1')).toMatch(/→ only @ann sees this:\nThis button is no longer active\./);
  });

  it('a reply in a thread the module owns reaches it', async () => {
    await s.say('/probe thread');
    await s.say(':thread');
    const out = await s.say('is anyone there?');
    expect(out).toContain('probe heard: is anyone there?');
    expect(probeState.replies).toEqual([{ subject: 'probe:thread', text: 'is anyone there?', user: 'ann' }]);
  });
});
