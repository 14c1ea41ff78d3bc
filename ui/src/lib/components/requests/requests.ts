// Words of the 上架申请 view: the state tabs' order and the labels of states and kinds. Which
// state may follow which is the core's (src/states/request.rs); a request carries the actions it
// allows now in `allowed`.
import type { RequestKind, RequestState } from '../../backend';

/** The state tabs, in the order a request goes through them. */
export const STATES: readonly RequestState[] = ['draft', 'pending', 'approved', 'rejected', 'executed', 'cancelled'];

const STATE_ZH: Record<RequestState, string> = {
  draft: '草稿',
  pending: '待审批',
  approved: '已批准',
  rejected: '已驳回',
  executed: '已上架',
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
