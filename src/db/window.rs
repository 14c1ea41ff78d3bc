//! Windows of long lists: the SQL tail that cuts a list to `limit` rows from `offset`, the
//! default and largest windows a caller on the other side of the app's IPC may ask for, and the
//! rule that a short first window is its own total (no second pass to count). Shared by the
//! ledger (assets) and the record lists (repairs, faults, racking requests).

use std::collections::BTreeMap;

use serde::Serialize;

/// The window the app asks for when it names none: a screenful and then some.
pub const DEFAULT_WINDOW: u32 = 200;

/// The largest window one call may ask for; the app asks for about [`DEFAULT_WINDOW`] rows.
pub const MAX_WINDOW: u32 = 1_000;

/// The window asked for, or the default, never more than [`MAX_WINDOW`].
pub fn capped(limit: Option<u32>) -> u32 {
    limit.unwrap_or(DEFAULT_WINDOW).min(MAX_WINDOW)
}

/// ` LIMIT n OFFSET m`; without a limit every row from `offset` on.
pub fn limit_sql(limit: Option<u32>, offset: Option<u32>) -> String {
    // No limit is the largest one: SQLite's -1 means "all" but PostgreSQL refuses it.
    format!(" LIMIT {} OFFSET {}", limit.map(i64::from).unwrap_or(i64::MAX), offset.unwrap_or(0))
}

/// The total a window already tells: a window shorter than its limit ended the list — unless it
/// is an empty window past the end of a list that is not empty (then the count is unknown).
pub fn known_total(offset: u32, rows: usize, limit: u32) -> Option<i64> {
    let short = rows < limit as usize && (offset == 0 || rows > 0);
    short.then(|| i64::from(offset) + rows as i64)
}

/// One window of a list of records (repairs, faults, racking requests), newest first: the rows
/// from `offset`, how many records match the filter (`total`), and how many records there are
/// in each state whatever the filter (the view's tabs), keyed by the state's code.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RecordPage<T> {
    pub rows: Vec<T>,
    pub total: i64,
    pub offset: u32,
    pub by_state: BTreeMap<String, i64>,
}

impl<T> RecordPage<T> {
    /// The window a filter asks for (its limit, or the default window, at most [`MAX_WINDOW`];
    /// from its offset, or the start) that `list` reads given that limit and offset, its total
    /// (counted only when the window does not already tell it) and the counts by state.
    pub fn read(
        limit: Option<u32>,
        offset: Option<u32>,
        list: impl FnOnce(u32, u32) -> crate::Result<Vec<T>>,
        count: impl FnOnce() -> crate::Result<i64>,
        by_state: impl FnOnce() -> crate::Result<BTreeMap<String, i64>>,
    ) -> crate::Result<Self> {
        let (limit, offset) = (capped(limit), offset.unwrap_or(0));
        let rows = list(limit, offset)?;
        let total = match known_total(offset, rows.len(), limit) {
            Some(n) => n,
            None => count()?,
        };
        Ok(Self { rows, total, offset, by_state: by_state()? })
    }
}

impl<T> RecordPage<T> {
    /// The window of a list computed whole in memory (a room's power figures, its port pool,
    /// its cabinets with their used units: each needs every row to compute any one), cut as
    /// [`RecordPage::read`] cuts one read from SQL: `limit` (the default window, at most
    /// [`MAX_WINDOW`]) rows from `offset`, the whole list's length as the total.
    pub fn cut(all: Vec<T>, limit: Option<u32>, offset: Option<u32>, by_state: BTreeMap<String, i64>) -> Self {
        let (limit, offset) = (capped(limit), offset.unwrap_or(0));
        let total = i64::try_from(all.len()).unwrap_or(i64::MAX);
        let rows = all.into_iter().skip(offset as usize).take(limit as usize).collect();
        Self { rows, total, offset, by_state }
    }
}

/// How many rows of `table` are in each value of its `state` column (an index on `state` first
/// makes this a walk of the index).
pub(crate) fn count_by_state(conn: &crate::db::Connection, table: &str) -> crate::db::SqlResult<BTreeMap<String, i64>> {
    conn.prepare_cached(&format!("SELECT state, count(*) FROM {table} GROUP BY state"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}

/// What SQLite's planner does with `sql`: the EXPLAIN QUERY PLAN lines joined by `|` (for the
/// tests that hold the record lists to their indexes).
#[cfg(test)]
pub(crate) fn plan<P: crate::db::Params>(conn: &crate::db::Connection, sql: &str, args: P) -> String {
    let mut s = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).expect("explain");
    let lines: Vec<String> =
        s.query_map(args, |r| r.get::<_, String>(3)).expect("plan").collect::<crate::db::SqlResult<_>>().expect("plan");
    lines.join(" | ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_first_window_is_its_own_total_and_a_full_one_is_not() {
        assert_eq!(known_total(0, 3, 200), Some(3));
        assert_eq!(known_total(0, 0, 200), Some(0));
        assert_eq!(known_total(0, 200, 200), None);
        assert_eq!(known_total(200, 50, 200), Some(250));
        assert_eq!(known_total(400, 0, 200), None, "past the end: the list may still hold rows");
    }

    #[test]
    fn cut_windows_join_to_the_whole_list() {
        let all: Vec<u32> = (0..450).collect();
        let mut joined = Vec::new();
        let mut offset = 0;
        loop {
            let page = RecordPage::cut(all.clone(), Some(200), Some(offset), BTreeMap::new());
            assert_eq!((page.total, page.offset), (450, offset));
            if page.rows.is_empty() {
                break;
            }
            offset += page.rows.len() as u32;
            joined.extend(page.rows);
        }
        assert_eq!(joined, all);
        assert_eq!(RecordPage::cut(all.clone(), None, None, BTreeMap::new()).rows.len(), DEFAULT_WINDOW as usize);
        assert_eq!(RecordPage::cut(all, Some(5_000), Some(10), BTreeMap::new()).rows.len(), 440);
    }

    #[test]
    fn the_window_is_capped_and_defaults() {
        assert_eq!(capped(None), DEFAULT_WINDOW);
        assert_eq!(capped(Some(50)), 50);
        assert_eq!(capped(Some(1_000_000)), MAX_WINDOW);
        assert_eq!(limit_sql(None, None), " LIMIT 9223372036854775807 OFFSET 0");
        assert_eq!(limit_sql(Some(20), Some(40)), " LIMIT 20 OFFSET 40");
    }
}
