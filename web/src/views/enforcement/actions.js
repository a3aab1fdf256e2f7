// What each act of a case asks for, and which acts a state offers. The server decides; this only
// keeps the form short and in the order the law runs.
export const fields = {
  officers: { label: '执法人员', type: 'officers' },
  description: { label: '证据内容', type: 'textarea' },
  device: { label: '监控设备编号', type: 'text', optional: true },
  officer: { label: '被申请回避人员', type: 'staff' },
  reason: { label: '理由', type: 'textarea' },
  penalty: { label: '处罚种类', type: 'penalty' },
  fine: { label: '罚款金额（元）', type: 'number', optional: true },
  basis: { label: '法律依据', type: 'text' },
  waived: { label: '当事人书面放弃陈述申辩', type: 'check' },
  content: { label: '陈述申辩内容', type: 'textarea' },
  date: { label: '听证日期', type: 'date' },
  chair: { label: '听证主持人', type: 'staff' },
  record: { label: '听证笔录', type: 'textarea' },
  result: { label: '审核结论', type: 'review' },
  opinion: { label: '审核意见', type: 'textarea' },
  members: { label: '参加人员', type: 'text' },
  conclusion: { label: '讨论结论', type: 'textarea' },
  days: { label: '延长天数', type: 'number' },
  approved_by: { label: '批准负责人', type: 'text' },
  breach_class: { label: '失信程度', type: 'breach' },
  discretion_reason: { label: '超出裁量基准的理由', type: 'textarea', optional: true },
  method: { label: '送达方式', type: 'service' },
  consent: { label: '当事人已签署电子送达确认书', type: 'check' },
  amount: { label: '缴纳金额（元）', type: 'number' },
  collected: { label: '当场收缴（元）', type: 'number', optional: true },
}

export const actionFields = {
  file: ['officers'],
  evidence: ['officers', 'description', 'device'],
  recuse: ['officer', 'reason'],
  notify: ['officers', 'penalty', 'fine', 'basis', 'waived'],
  statement: ['content'],
  request_hearing: [],
  schedule_hearing: ['date', 'chair'],
  hold_hearing: ['record'],
  review: ['result', 'opinion'],
  discuss: ['members', 'conclusion'],
  extend: ['days', 'basis', 'approved_by'],
  decide: ['officers', 'penalty', 'fine', 'breach_class', 'discretion_reason'],
  serve: ['officers', 'method', 'consent'],
  execute: ['amount'],
  on_the_spot: ['officers', 'penalty', 'fine', 'collected'],
  close: ['officers', 'reason'],
  withdraw: ['reason'],
  revoke: ['reason'],
  archive: [],
}

export function offered(c) {
  const byState = {
    registered: c.procedure === 'simplified' ? ['on_the_spot', 'withdraw'] : ['file', 'withdraw'],
    filed: ['evidence', 'recuse', 'extend', 'close', 'withdraw'],
    investigating: ['evidence', 'notify', 'recuse', 'extend', 'close', 'withdraw'],
    notified: ['statement', 'request_hearing', 'schedule_hearing', 'hold_hearing', 'review', 'discuss', 'decide', 'extend', 'recuse', 'close'],
    decided: ['serve', 'revoke'],
    served: ['execute', 'revoke'],
    executed: ['archive', 'revoke'],
    closed: ['archive'],
    withdrawn: ['archive'],
    archived: ['revoke'],
  }
  return byState[c.state] || []
}
