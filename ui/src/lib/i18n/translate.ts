import { en } from './en';
import { zh, type MessageKey } from './zh';

export type { MessageKey };
export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

export type Params = Record<string, string | number>;

const catalogues: Record<Lang, Record<MessageKey, string>> = { zh, en };

/** Looks a message up in `lang` and fills its `{name}` parameters. Pure; no state. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  const text = catalogues[lang][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function isLang(value: unknown): value is Lang {
  return value === 'zh' || value === 'en';
}

/** The HTML `lang` attribute for a UI language. */
export function htmlLang(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en';
}
