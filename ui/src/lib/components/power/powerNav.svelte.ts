// Where the power view is, kept across view switches; the warnings banner sets it.
export type PowerLayer = 'power' | 'temperature' | 'ports';

class PowerNav {
  room = $state<string | null>(null);
  cabinet = $state<string | null>(null);
  /** Which layer the room map shows: power, temperature (温湿度), or the LAN port pool. */
  layer = $state<PowerLayer>('power');
}

export const powerNav = new PowerNav();
