// The audit trail's object types, actions and record fields in Chinese, for the 审计日志 page and
// the user and unit pages. The server stores stable English names (`case.decide`, `user`); a name
// missing here is shown through the record's own Chinese summary, never as the slug.

export const objectTypes = {
  user: '用户', unit: '单位', login: '登录名', task: '重点任务', notice: '通知文件', bulletin: '通报',
  commitment: '承诺事项', person: '责任领导', feed: '公交线网数据', case: '执法案件', draw: '双随机抽查',
  publication: '执法公示', complaint: '投诉举报', review: '案卷评查', directory: '抽查名录',
  catalogue: '重大执法决定法制审核目录', benchmark: '裁量基准', device: '监控设备',
}

const caseActs = {
  register: '登记案件', file: '立案', evidence: '调查取证', recuse: '当事人申请回避', notify: '事先告知',
  statement: '陈述申辩', request_hearing: '申请听证', schedule_hearing: '听证通知', hold_hearing: '举行听证',
  review: '法制审核', discuss: '集体讨论', extend: '延长办案期限', decide: '作出处罚决定', serve: '送达',
  execute: '执行', on_the_spot: '简易程序当场处罚', close: '不予处罚结案', withdraw: '撤销立案',
  revoke: '决定变更或撤销', archive: '归档', attachment: '上传证据材料',
}

export const actions = {
  'auth.login': '登录', 'auth.logout': '退出登录', 'auth.login_failed': '登录失败', 'auth.login_refused': '停用账号登录被拒',
  'user.create': '新增用户', 'user.update': '修改用户', 'user.disable': '停用用户', 'user.enable': '启用用户',
  'user.password': '重置密码', 'user.unlock': '解除登录限制',
  'certificate.create': '登记执法证', 'certificate.revoke': '注销执法证',
  'unit.create': '新增单位', 'unit.update': '修改单位', 'unit.rename': '单位更名', 'unit.alias': '新增简称',
  'notice.import': '导入通知', 'task.create': '新增任务', 'task.colour': '任务亮灯', 'report_plan.create': '生成报送计划',
  'report.file': '报送进展', 'report.revise': '修改报送', 'attachment.add': '上传附件', 'bulletin.publish': '发布通报',
  'inspection.create': '新增督查记录', 'inspection.rectify': '报送整改', 'inspection.close': '督查销号',
  'commitment.done': '承诺事项办结', 'person.link': '关联责任领导', 'ledger.create': '导入台账', 'ledger.update': '更新台账',
  'feed.import': '导入线网数据',
  'draw.create': '双随机抽取', 'draw.redraw': '重新抽取', 'draw.result': '录入检查结果', 'draw.publish': '公示抽查结果',
  'directory.entities': '导入市场主体名录', 'directory.inspectors': '导入执法检查人员名录',
  'publication.create': '新增公示', 'publication.publish': '发布公示', 'publication.withdraw': '撤回公示',
  'complaint.receive': '受理投诉', 'complaint.refer': '转办投诉', 'complaint.reply': '答复投诉', 'complaint.close': '投诉办结',
  'review.sample': '抽取评查案卷', 'review.score': '案卷评分',
  'enforcement.setting': '修改执法设置', 'enforcement.catalogue': '登记法制审核目录', 'enforcement.benchmark': '登记裁量基准',
  'enforcement.device': '登记监控设备', 'enforcement.conflict': '申报利害关系',
  ...Object.fromEntries(Object.entries(caseActs).map(([k, v]) => [`case.${k}`, v])),
}

export const objectTypeLabel = (t) => objectTypes[t] || '其他对象'
export const actionLabel = (a, summary) => actions[a] || summary || '其他操作'

// The fields of before/after texts, as the diff shows them; unknown keys keep their name only if
// nothing better exists (they are data keys of the record, not words of the UI).
export const fieldLabels = {
  id: '编号', username: '用户名', display_name: '姓名', unit_id: '所属单位', unit: '单位', roles: '角色',
  disabled: '已停用', password: '密码', counters: '登录失败计数', client: '来源地址', failures: '失败次数',
  name_failures: '账号失败总数', name: '名称', kind: '类型', parent_id: '上级单位', division_code: '行政区划代码',
  credit_code: '统一社会信用代码', aliases: '简称', alias: '简称', number: '执法证号', field: '执法领域',
  valid_from: '有效期起', valid_to: '有效期止', revoked_on: '注销日期', revoke_reason: '注销原因',
  state: '状态', no: '编号', title: '标题', doc_no: '文号', party_name: '当事人', party_kind: '当事人类型',
  facts: '违法事实', fine: '罚款金额（元）', penalty: '处罚种类', reason: '理由', period: '期别',
  percent: '完成进度（%）', progress: '工作进展', status: '状态', note: '说明', seed: '随机种子',
}
export const fieldLabel = (k) => fieldLabels[k] || k

export const roleOptions = [
  { name: 'admin', label: '系统管理员' }, { name: 'office', label: '督查室' },
  { name: 'unit_reporter', label: '单位填报员' }, { name: 'unit_leader', label: '单位领导' },
  { name: 'enforcement_officer', label: '执法人员' }, { name: 'legal_reviewer', label: '法制审核人员' },
  { name: 'justice_supervisor', label: '司法局执法监督人员' }, { name: 'dispatcher', label: '公交调度员' },
  { name: 'planner', label: '公交规划人员' },
]
export const roleLabel = (n) => roleOptions.find((r) => r.name === n)?.label || n

export const unitKinds = {
  government_office: '政府及办公室', department: '市直部门', county_government: '县（市、区）', company: '企业', other: '其他',
}
