import { describe, expect, it } from 'vitest';
import { en } from './en';
import { htmlLang, isLang, translate } from './translate';
import { zh } from './zh';

describe('message catalogues', () => {
  it('have the same keys in Chinese and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });

  it('have no empty messages', () => {
    for (const [key, text] of [...Object.entries(zh), ...Object.entries(en)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });

  it('use the same parameters in both languages', () => {
    const params = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zh) as (keyof typeof zh)[]) {
      expect(params(en[key]), key).toEqual(params(zh[key]));
    }
  });
});

describe('translate', () => {
  it('looks up by language', () => {
    expect(translate('zh', 'nav.ledger')).toBe('设备台账');
    expect(translate('en', 'nav.ledger')).toBe('Ledger');
  });

  it('fills parameters and leaves unknown ones visible', () => {
    expect(translate('en', 'status.version', { version: '0.1.0' })).toBe('Version 0.1.0');
    expect(translate('zh', 'status.version')).toBe('版本 {version}');
  });

  it('recognises only the supported languages', () => {
    expect(isLang('zh')).toBe(true);
    expect(isLang('en')).toBe(true);
    expect(isLang('fr')).toBe(false);
    expect(htmlLang('zh')).toBe('zh-CN');
  });
});
