/**
 * Strings of the template loader, due-time and start-argument parsers (part of the releases
 * catalog, see catalog.ts). `releases.tpl.*` are start-up problems for the admin; `releases.at_*`
 * and `releases.role_*` answer a bad `/release start`.
 */
export const templateStrings = {
  // start-up: template files
  'releases.tpl.invalid': { en: 'Invalid release templates:', 'zh-CN': '发布模板有误：' },
  'releases.tpl.dir_missing': {
    en: 'the templates folder {dir} does not exist (releases.templates)',
    'zh-CN': '模板目录 {dir} 不存在（releases.templates）',
  },
  'releases.tpl.unreadable': { en: 'cannot read the file: {reason}', 'zh-CN': '无法读取文件：{reason}' },
  'releases.tpl.yaml': { en: 'not valid YAML: {reason}', 'zh-CN': 'YAML 格式错误：{reason}' },
  'releases.tpl.required': { en: 'is required', 'zh-CN': '为必填项' },
  'releases.tpl.expected_string': { en: 'must be text', 'zh-CN': '应为文本' },
  'releases.tpl.expected_array': { en: 'must be a list', 'zh-CN': '应为列表' },
  'releases.tpl.expected_object': { en: 'must be a map of keys', 'zh-CN': '应为键值映射' },
  'releases.tpl.expected_number': { en: 'must be a number', 'zh-CN': '应为数字' },
  'releases.tpl.expected_boolean': { en: 'must be true or false', 'zh-CN': '应为 true 或 false' },
  'releases.tpl.expected_other': { en: 'has the wrong type', 'zh-CN': '类型不正确' },
  'releases.tpl.unknown_key': {
    en: 'is not a known key here (check the spelling)',
    'zh-CN': '不是此处可用的键（请检查拼写）',
  },
  'releases.tpl.empty_list': { en: 'must not be empty', 'zh-CN': '不能为空' },
  'releases.tpl.bad_value': { en: '"{value}" is not allowed here', 'zh-CN': '此处不允许“{value}”' },
  'releases.tpl.bad_kind': {
    en: '"{value}" is not a step kind (write task, gate, monitor or repeat)',
    'zh-CN': '“{value}”不是步骤类型（应为 task、gate、monitor 或 repeat）',
  },
  'releases.tpl.bad_decision': {
    en: '"{value}" is not a gate decision (write go or nogo)',
    'zh-CN': '“{value}”不是关卡决定（应为 go 或 nogo）',
  },
  'releases.tpl.bad_on_nogo': {
    en: '"{value}" is not an onNogo action (write stop, rollback or continue)',
    'zh-CN': '“{value}”不是 onNogo 动作（应为 stop、rollback 或 continue）',
  },
  'releases.tpl.bad_name': {
    en: '"{value}" is not a template name (lower-case letters, digits and -, e.g. drill)',
    'zh-CN': '“{value}”不是有效的模板名（小写字母、数字和 -，例如 drill）',
  },
  'releases.tpl.bad_id': {
    en: '"{value}" is not a step id (letters, digits, _ and -, not only digits, e.g. build)',
    'zh-CN': '“{value}”不是有效的步骤 id（字母、数字、_ 和 -，不能全是数字，例如 build）',
  },
  'releases.tpl.bad_after': {
    en: '"{value}" is not a step id or a list of step ids (e.g. after: build, after: [build, test])',
    'zh-CN': '“{value}”不是步骤 id 或步骤 id 列表（例如 after: build、after: [build, test]）',
  },
  'releases.tpl.bad_text': {
    en: 'must be a text, or a map of zh-CN and en texts',
    'zh-CN': '应为文本，或 zh-CN / en 文本的映射',
  },
  'releases.tpl.bad_due': {
    en: '"{value}" is not a due time (write 09:00, T-2h, T+30m, D+3 10:00, or after: <step>)',
    'zh-CN': '“{value}”不是有效的截止时间（应写作 09:00、T-2h、T+30m、D+3 10:00，或 after: <步骤>）',
  },
  'releases.tpl.bad_duration': {
    en: '"{value}" is not a duration (write 30s, 15m, 2h, 3d or 1w)',
    'zh-CN': '“{value}”不是有效时长（应写作 30s、15m、2h、3d 或 1w）',
  },
  'releases.tpl.duration_too_short': {
    en: '"{value}" is too short: at least {min}',
    'zh-CN': '“{value}”太短：至少 {min}',
  },
  'releases.tpl.bad_owner': {
    en: '"{value}" is not an owner (write a user id such as U0ANN or ou_…, { oncall: team/tier } or { role: 客服 })',
    'zh-CN':
      '“{value}”不是有效的负责人（应写用户 id，如 U0ANN 或 ou_…，或 { oncall: 团队/层级 }，或 { role: 客服 }）',
  },
  'releases.tpl.bad_timezone': {
    en: '"{value}" is not an IANA time zone (e.g. Asia/Shanghai)',
    'zh-CN': '“{value}”不是有效的 IANA 时区（例如 Asia/Shanghai）',
  },
  'releases.tpl.bad_quorum': {
    en: '"{value}" is not a quorum (a whole number of at least 1)',
    'zh-CN': '“{value}”不是有效的法定人数（至少为 1 的整数）',
  },
  'releases.tpl.quorum_too_big': {
    en: 'quorum {quorum} is more than the {count} approvers named',
    'zh-CN': '法定人数 {quorum} 超过了所列的 {count} 位审批人',
  },
  'releases.tpl.only_for_kind': {
    en: 'only applies to kind: {kind} steps',
    'zh-CN': '只适用于 kind: {kind} 的步骤',
  },
  'releases.tpl.required_for_kind': {
    en: 'is required for a kind: {kind} step',
    'zh-CN': 'kind: {kind} 的步骤必须填写此项',
  },
  'releases.tpl.due_and_after': {
    en: 'write either due or after, not both',
    'zh-CN': 'due 和 after 只能写一个',
  },
  'releases.tpl.in_without_after': {
    en: 'in only applies together with after',
    'zh-CN': 'in 只能与 after 一起使用',
  },
  'releases.tpl.duplicate_id': {
    en: 'step id "{value}" is used twice (first at {other})',
    'zh-CN': '步骤 id“{value}”重复（首次出现在 {other}）',
  },
  'releases.tpl.unknown_step': {
    en: 'step "{value}" does not exist in this template',
    'zh-CN': '本模板中没有步骤“{value}”',
  },
  'releases.tpl.self_ref': {
    en: 'step "{value}" cannot refer to itself',
    'zh-CN': '步骤“{value}”不能引用自身',
  },
  'releases.tpl.cycle': {
    en: 'after: steps wait on each other in a circle: {cycle}',
    'zh-CN': 'after: 形成循环等待：{cycle}',
  },
  'releases.tpl.not_a_gate': {
    en: 'step "{value}" is not a gate (kind: gate)',
    'zh-CN': '步骤“{value}”不是关卡（kind: gate）',
  },
  'releases.tpl.nogo_needs_continue': {
    en: 'a step runs on no-go of gate "{value}", so that gate needs onNogo: continue',
    'zh-CN': '有步骤在关卡“{value}”否决后执行，因此该关卡需要 onNogo: continue',
  },
  'releases.tpl.builtin_name': {
    en: '"{value}" is a built-in template: choose another name, or add replaces: true to replace it',
    'zh-CN': '“{value}”是内置模板：请换一个名字，或加上 replaces: true 以替换它',
  },
  'releases.tpl.replaces_nothing': {
    en: 'replaces: true, but there is no built-in template "{value}"',
    'zh-CN': '写了 replaces: true，但没有名为“{value}”的内置模板',
  },
  'releases.tpl.duplicate_name': {
    en: 'template "{value}" is already defined in {other}',
    'zh-CN': '模板“{value}”已在 {other} 中定义',
  },
  'releases.tpl.unknown_template': {
    en: 'there is no template "{value}"',
    'zh-CN': '没有名为“{value}”的模板',
  },
  'releases.tpl.bad_role': {
    en: '"{value}" is not a role name (no spaces, =, @ or commas)',
    'zh-CN': '“{value}”不是有效的角色名（不能含空格、=、@ 或逗号）',
  },
  'releases.tpl.alias_taken': {
    en: '"{value}" already names role {role}',
    'zh-CN': '“{value}”已是角色 {role} 的名字',
  },
  'releases.tpl.unknown_team': {
    en: 'team "{value}" is not defined under teams',
    'zh-CN': '团队“{value}”没有在 teams 中定义',
  },
  'releases.tpl.unknown_tier': {
    en: 'team {team} has no tier "{value}"',
    'zh-CN': '团队 {team} 没有层级“{value}”',
  },
  // /release start … at <time>
  'releases.at_bad': {
    en: '"{value}" is not a start time (write 14:30, 2026-12-03 14:30, tomorrow 09:00 or +2h)',
    'zh-CN': '“{value}”不是有效的开始时间（应写作 14:30、下午3点半、2026-12-03 14:30、明天 09:00 或 +2h）',
  },
  'releases.at_past': {
    en: '{value} is in the past (it is {now} now in {zone})',
    'zh-CN': '{value} 已经过去（{zone} 现在是 {now}）',
  },
  // /release start … <role>=@user
  'releases.role_unknown': {
    en: 'template {template} has no role "{role}" (its roles: {roles})',
    'zh-CN': '模板 {template} 没有角色“{role}”（它的角色：{roles}）',
  },
  'releases.role_twice': { en: 'role {role} is assigned twice', 'zh-CN': '角色 {role} 被指定了两次' },
  'releases.role_empty': {
    en: 'role {role} needs someone: write {role}=@name',
    'zh-CN': '角色 {role} 需要指定人员：写作 {role}=@姓名',
  },
  'releases.role_bad_user': {
    en: '"{value}" is not a user: mention someone, e.g. @name',
    'zh-CN': '“{value}”不是用户：请 @ 提及某人，例如 @姓名',
  },
} as const;
