// Words of the 上架申请 view: the state tabs' order and the labels of states and kinds. Which
// state may follow which is the core's (src/states/request.rs); a request carries the actions it
// allows now in `allowed`.
import type { RequestKind, RequestState, Risk } from '../../backend';

/** The state tabs, in the order a request goes through them. */
export const STATES: readonly RequestState[] = [
  'draft',
  'pending',
  'approved',
  'reviewed',
  'confirmed',
  'executed',
  'accepted',
  'rejected',
  'cancelled',
];

const STATE_ZH: Record<RequestState, string> = {
  draft: '草稿',
  pending: '待审批',
  approved: '已批准',
  reviewed: '已审核',
  confirmed: '已确认',
  executed: '已上架',
  accepted: '已验收',
  rejected: '已驳回',
  cancelled: '已取消',
};

export const KINDS: readonly RequestKind[] = ['new', 'expand', 'migrate', 'remove'];

const KIND_ZH: Record<RequestKind, string> = { new: '新增上架', expand: '扩容', migrate: '迁移', remove: '下架' };

/** A state as the view shows it: its Chinese label, or its code in English. */
export function stateLabel(s: RequestState, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? STATE_ZH[s] : s;
}

/** A request kind as the view shows it. */
export function kindLabel(k: RequestKind, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? KIND_ZH[k] : k;
}

export const RISKS: readonly Risk[] = ['low', 'medium', 'high'];

const RISK_ZH: Record<Risk, string> = { high: '高', medium: '中', low: '低' };

/** A risk level (风险等级) as the view shows it. */
export function riskLabel(r: Risk, lang: 'zh' | 'en'): string {
  return lang === 'zh' ? RISK_ZH[r] : r;
}

/** The cable types of templates.md (端口连接), by the codes the core accepts. */
export const CABLE_TYPES: readonly { code: string; zh: string }[] = [
  { code: 'cat6', zh: '六类网线' },
  { code: 'cat6a', zh: '超六类网线' },
  { code: 'smf', zh: '单模光纤' },
  { code: 'mmf', zh: '多模光纤' },
  { code: 'dac', zh: 'DAC' },
  { code: 'aoc', zh: 'AOC' },
  { code: 'power', zh: '电源线' },
];
