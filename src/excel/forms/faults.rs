//! 附件3 故障告警登记表: one row per fault or alarm record, the columns of
//! [`crate::excel::sheets::FAULTS`], drop-downs on the vocabularies.

use chrono::NaiveDateTime;

use super::super::sheets::{SheetKind, FAULTS};
use super::super::writer::{col, enum_col, labels, title, Book, Col, V};
use super::{time, yes_no};
use crate::error::Result;
use crate::model::{Fault, FaultKind, FaultSource, FaultState, FaultType, Severity};

/// Who signs the printed register (附件3): who recorded it and the 运维总监 who checks it.
const SIGNERS: &[&str] = &["登记人", "审核人"];

/// The form's columns, with drop-downs.
pub fn cols() -> Vec<Col> {
    FAULTS
        .iter()
        .map(|c| match c.key {
            "kind" => enum_col(c.header, labels(FaultKind::ALL, FaultKind::label_zh)),
            "source" => enum_col(c.header, labels(FaultSource::ALL, FaultSource::label_zh)),
            "fault_type" => enum_col(c.header, labels(FaultType::ALL, FaultType::label_zh)),
            "severity" => enum_col(c.header, labels(Severity::ALL, Severity::label_zh)),
            "service_impact" => enum_col(c.header, vec!["是", "否"]),
            "state" => enum_col(c.header, labels(FaultState::ALL, FaultState::label_zh)),
            _ => col(c.header),
        })
        .collect()
}

/// One record, in the order of FAULTS.
pub(crate) fn row(f: &Fault) -> Vec<V> {
    vec![
        V::text(&f.fault_no),
        V::text(f.kind.label_zh()),
        V::DateTime(f.occurred_at),
        V::text(f.source.label_zh()),
        V::opt(&f.room),
        V::opt(&f.cabinet),
        V::opt(&f.asset_tag),
        V::opt(&f.asset_name),
        f.fault_type.map(|t| V::text(t.label_zh())).unwrap_or(V::Empty),
        V::text(f.severity.label_zh()),
        V::text(&f.description),
        yes_no(Some(f.service_impact)),
        V::opt(&f.reporter),
        time(f.acknowledged_at),
        V::opt(&f.handler),
        V::opt(&f.actions),
        V::opt(&f.root_cause),
        time(f.recovered_at),
        f.duration_min.map(V::Int).unwrap_or(V::Empty),
        V::text(&f.repair_nos.join(",")),
        V::text(f.state.label_zh()),
    ]
}

/// Writes the 故障告警登记 sheet (`now` None: an empty template, no time in the title).
pub fn write(book: &mut Book<'_>, faults: &[Fault], now: Option<NaiveDateTime>) -> Result<()> {
    let t = now.map(|n| title("故障告警登记表", n)).unwrap_or_else(|| "故障告警登记表".into());
    let row = |i: usize| row(&faults[i]);
    book.signed_sheet(SheetKind::Faults.sheet_name(), &t, &cols(), faults.len(), &row, SIGNERS)
}
