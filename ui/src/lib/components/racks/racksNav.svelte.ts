// Where the racks view is, kept across view switches, and how another view (power) asks it to
// open a cabinet or the placement dialog there.
class RacksNav {
  room = $state<string | null>(null);
  cabinet = $state<string | null>(null);
  /** Set to open the placement dialog on the next visit (e.g. "rack into this cabinet"). */
  placeRequest = $state<{ cabinet: string } | null>(null);
}

export const racksNav = new RacksNav();
