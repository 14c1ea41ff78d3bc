// The current UI language as Svelte 5 state. Components call `t('key')`; reading it inside
// markup makes the text follow the language toggle.
import { htmlLang, isLang, translate, type Lang, type MessageKey, type Params } from './translate';

export type { Lang, MessageKey, Params };
export { LANGS } from './translate';

const STORAGE_KEY = 'rackledger.lang';

function initialLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    // Storage can be unavailable (tests, privacy settings): fall back to Chinese.
  }
  return 'zh';
}

let current = $state<Lang>(initialLang());

export const i18n = {
  get lang(): Lang {
    return current;
  },
  set lang(lang: Lang) {
    current = lang;
    try {
      globalThis.localStorage?.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembering the choice is acceptable.
    }
    if (typeof document !== 'undefined') document.documentElement.lang = htmlLang(lang);
  },
};

export function t(key: MessageKey, params?: Params): string {
  return translate(current, key, params);
}
