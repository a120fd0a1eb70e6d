/**
 * A release template for the end-to-end tests whose steps come due seconds apart, written to a
 * temporary folder the config's `releases.templates` points at, with its rollback runbook.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `drill`: build (ann, T+5s), upload (bob, T+10s), a 2-of-3 gate, a 1-minute monitor, wrap-up. */
export function drillTemplate(users: { ann: string; bob: string; approvers: string[] }): string {
  return `
name: drill
title: { zh-CN: 演练, en: Drill }
rollback: drill-rollback
approvers: [${users.approvers.join(', ')}]
sections:
  - title: { zh-CN: 准备, en: Prepare }
    steps:
      - { id: build, title: { zh-CN: 构建发布包, en: Build the package }, owner: ${users.ann}, due: T+5s }
      - { id: upload, title: { zh-CN: 上传, en: Upload it }, owner: ${users.bob}, due: T+10s }
      - id: widen
        title: { zh-CN: 扩大范围？, en: Widen the rollout? }
        kind: gate
        quorum: 2
        after: upload
        onNogo: rollback
  - title: { zh-CN: 观察, en: Watch }
    steps:
      - id: watch
        title: { zh-CN: 监控, en: Watch the metrics }
        kind: monitor
        window: 1m
        after: widen
        owner: ${users.ann}
        watch: { zh-CN: 错误率 < 1%, en: error rate < 1% }
      - { id: wrap, title: { zh-CN: 总结, en: Wrap up }, owner: ${users.ann}, after: watch }
`;
}

const ROLLBACK = `
name: drill-rollback
title: { zh-CN: 演练回滚, en: Drill rollback }
sections:
  - title: { zh-CN: 回滚, en: Roll back }
    steps:
      - { id: revert, title: { zh-CN: 回退版本, en: Revert the version }, due: T0 }
      - { id: verify, title: { zh-CN: 验证, en: Verify }, after: revert }
`;

/** A folder holding the drill and its rollback; returns its path. */
export function drillFolder(users: Parameters<typeof drillTemplate>[0]): string {
  const dir = mkdtempSync(join(tmpdir(), 'sopbot-drill-'));
  writeFileSync(join(dir, 'drill.yaml'), drillTemplate(users));
  writeFileSync(join(dir, 'drill-rollback.yaml'), ROLLBACK);
  return dir;
}
