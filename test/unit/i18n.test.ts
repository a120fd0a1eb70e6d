import { describe, expect, it } from 'vitest';
// Every module's catalog, as the app registers them.
import '../../src/modules.ts';
import { catalogEntries, translate, translator } from '../../src/core/i18n/index.ts';
import { translateRich } from '../../src/core/i18n/rich.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n catalog', () => {
  it('has every string in zh-CN and en, non-empty, with the same placeholders', () => {
    const entries = catalogEntries();
    expect(entries.length).toBeGreaterThan(50);
    for (const [key, entry] of entries) {
      expect(entry.en.trim(), `${key} en`).not.toBe('');
      expect(entry['zh-CN'].trim(), `${key} zh-CN`).not.toBe('');
      expect(placeholders(entry['zh-CN']), key).toEqual(placeholders(entry.en));
    }
  });

  it('zh-CN strings are actually Chinese where the English has words', () => {
    for (const [key, entry] of catalogEntries()) {
      const words = entry.en.replace(/\{\w+\}|\/\w+|[A-Z]\d|`[^`]*`|sopbot/g, '');
      if (/[a-z]{4,}/i.test(words) && !key.startsWith('config.other') && !key.startsWith('common.duration')) {
        expect(/[\u4e00-\u9fff]/.test(entry['zh-CN']), `${key} has no Chinese`).toBe(true);
      }
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('en', 'tickets.not_found', { id: '#7' })).toBe('Ticket #7 does not exist.');
    expect(translate('zh-CN', 'tickets.not_found', { id: '#7' })).toBe('工单 #7 不存在。');
    expect(translate('en', 'tickets.not_found')).toBe('Ticket {id} does not exist.');
  });

  it('renders mention placeholders as mention spans in sentence order', () => {
    const spans = translateRich(translator('zh-CN'), 'tickets.acknowledged', {
      id: '#3',
      user: { mention: 'U1' },
    });
    expect(spans).toEqual([
      { kind: 'text', text: '#3 已由 ' },
      { kind: 'mention', userId: 'U1' },
      { kind: 'text', text: ' 确认。' },
    ]);
  });
});
