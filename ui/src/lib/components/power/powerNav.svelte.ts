// Where the power view is, kept across view switches; the warnings banner sets it.
class PowerNav {
  room = $state<string | null>(null);
  cabinet = $state<string | null>(null);
}

export const powerNav = new PowerNav();
