// The operator's queues of the approval chain (待我审批 / 待我审核 / 待我确认 / 待我执行 / 待我验收)
// and who the ledger says the operator is, as the core answers them. Which request waits for
// whom is the core's (roles and states); this store only keeps the last answer and which queue
// the requests view should open.
import { backend, hasBackend, type Queues, type RequestState } from '../backend';

class QueueStore {
  data = $state<Queues | null>(null);
  /** A queue picked in the navigation: the requests view opens on its state. */
  pick = $state<RequestState | null>(null);

  async refresh(): Promise<void> {
    if (!hasBackend()) return;
    try {
      this.data = await backend.requestQueues();
    } catch {
      // The navigation shows no counts rather than an error; the view reports its own.
      this.data = null;
    }
  }
}

export const queues = new QueueStore();
