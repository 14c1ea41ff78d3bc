// Where the repair and fault views are, kept across view switches, and how another view (an
// asset's detail, a fault) asks the repairs view to show a repair.
import type { FaultState, RepairState } from '../../backend';

class RepairsNav {
  /** The repairs view's state tab (`all` or a RepairState). */
  repairTab = $state<RepairState | 'all'>('all');
  /** The repair open in the repairs view's panel. */
  repair = $state<string | null>(null);
  faultTab = $state<FaultState | 'all'>('all');
  fault = $state<string | null>(null);
  /** Bumped after any repair or fault changed, so lists and charts elsewhere reload. */
  version = $state(0);
}

export const repairsNav = new RepairsNav();
