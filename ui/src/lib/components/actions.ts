// The actions a record allows now come from the core (`allowed`, computed from its state machine
// in src/states/). A face shows a button for an action the record carries and never decides from
// a state name itself.
import type { Action } from '../backend';

/** Whether the record carries `action` among the actions the core allows on it now. */
export function can(record: { allowed: readonly Action[] } | null | undefined, action: Action): boolean {
  return record?.allowed.includes(action) ?? false;
}
