// The shapes that cross IPC. Hand-written while the core's API settles; to be generated from
// the Rust types (ts-rs or specta) and checked for drift by a test.

export type UiLang = 'zh' | 'en';

/** `commands::meta::app_info` */
export interface AppInfo {
  name: string;
  version: string;
  /** The `--db` path, or null when the core's default database is used. */
  db_path: string | null;
  lang: UiLang;
}
