//! The counts and field diffs of a planned import, per sheet.

use serde::Serialize;
use serde_json::Value;

use super::plan::Planned;
use super::{FieldDiff, RowChange, SheetReport};

pub(super) fn count<T: Serialize + PartialEq>(
    reports: &mut [SheetReport],
    planned: &[Planned<T>],
    _f: impl Fn(&T) -> bool,
) {
    for p in planned {
        let Some(rep) = reports.get_mut(p.sheet) else { continue };
        match &p.before {
            None => {
                rep.inserted += 1;
                rep.changes.push(RowChange { row: p.row, key: p.key.clone(), action: "insert", fields: Vec::new() });
            }
            // Equal records have no diff: the common case of a re-import, checked without JSON.
            Some(before) if *before == p.after => rep.unchanged += 1,
            Some(before) => {
                let fields = diff(before, &p.after);
                if fields.is_empty() {
                    rep.unchanged += 1;
                } else {
                    rep.updated += 1;
                    rep.changes.push(RowChange { row: p.row, key: p.key.clone(), action: "update", fields });
                }
            }
        }
    }
}

/// The fields that differ between two records, by their JSON keys.
pub(super) fn diff<T: Serialize>(before: &T, after: &T) -> Vec<FieldDiff> {
    let (Ok(Value::Object(b)), Ok(Value::Object(a))) = (serde_json::to_value(before), serde_json::to_value(after))
    else {
        return Vec::new();
    };
    a.iter()
        .filter(|(k, _)| k.as_str() != "version")
        .filter_map(|(k, av)| {
            let bv = b.get(k).cloned().unwrap_or(Value::Null);
            (bv != *av).then(|| FieldDiff { field: k.clone(), before: bv, after: av.clone() })
        })
        .collect()
}
