import type { Category, Priority } from './model.ts';

/**
 * Keyword rules that pick a priority and a category from a message. Defaults come from the
 * seeds (000 §响应时间标准, 000 §客户咨询响应流程, 004 问题分类); teams override them in config.
 */
export interface ClassificationRules {
  defaultPriority: Priority;
  /** Checked P0 first: the first priority whose keyword appears wins. */
  priorityKeywords: Partial<Record<Priority, string[]>>;
  /** The category with most keyword hits wins; ties go to the one listed first; none → `other`. */
  categoryKeywords: Partial<Record<Exclude<Category, 'other'>, string[]>>;
  /** Category that implies a priority when none was matched (feature requests are P3). */
  categoryPriority: Partial<Record<Category, Priority>>;
}

export const DEFAULT_RULES: ClassificationRules = {
  defaultPriority: 'P2',
  priorityKeywords: {
    P0: [
      '服务完全不可用',
      '全部不可用',
      '宕机',
      '崩溃',
      '无法访问',
      'outage',
      'is down',
      'down for everyone',
      'sev0',
      'sev1',
    ],
    P1: [
      '核心功能故障',
      '核心功能',
      '无法登录',
      '无法支付',
      '严重',
      '紧急',
      'urgent',
      'critical',
      'cannot log in',
      "can't log in",
    ],
    P3: ['建议', '体验优化', '优化建议', 'feature request', 'suggestion', 'nice to have'],
  },
  categoryKeywords: {
    billing: [
      '账单',
      '付款',
      '支付',
      '扣费',
      '退款',
      '发票',
      '余额',
      '盗刷',
      'billing',
      'invoice',
      'refund',
      'payment',
      'charge',
    ],
    feature: [
      '建议',
      '功能建议',
      '需求',
      '希望增加',
      'feature request',
      'feature',
      'suggestion',
      'enhancement',
    ],
    technical: [
      '报错',
      '错误',
      '故障',
      '异常',
      '失败',
      '不可用',
      '宕机',
      '崩溃',
      'bug',
      'error',
      'fail',
      'crash',
      'outage',
      '500',
      'timeout',
      '超时',
    ],
    account: [
      '账号',
      '账户',
      '子账号',
      '登录',
      '密码',
      '权限',
      'account',
      'login',
      'log in',
      'password',
      'sso',
      'permission',
    ],
  },
  categoryPriority: { feature: 'P3' },
};

export interface Classification {
  priority: Priority;
  category: Category;
  /** True when a priority keyword (not just the default) decided the priority. */
  matchedPriority: boolean;
}

function contains(haystack: string, needles: readonly string[] | undefined): boolean {
  return (needles ?? []).some((n) => n.length > 0 && haystack.includes(n.toLowerCase()));
}

/** Picks priority and category for a message text. Case-insensitive substring match. */
export function classify(text: string, rules: ClassificationRules): Classification {
  const haystack = text.toLowerCase();
  let category: Category = 'other';
  let best = 0;
  for (const [cat, keywords] of Object.entries(rules.categoryKeywords)) {
    const hits = (keywords ?? []).filter((k) => k.length > 0 && haystack.includes(k.toLowerCase())).length;
    if (hits > best) {
      best = hits;
      category = cat as Category;
    }
  }
  for (const p of ['P0', 'P1', 'P2', 'P3'] as const) {
    if (contains(haystack, rules.priorityKeywords[p]))
      return { priority: p, category, matchedPriority: true };
  }
  const implied = rules.categoryPriority[category];
  return { priority: implied ?? rules.defaultPriority, category, matchedPriority: false };
}
