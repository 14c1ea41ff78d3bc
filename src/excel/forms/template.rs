//! The empty forms of `template NAME`: the same sheets and validations as each export, no rows.

use chrono::NaiveDateTime;

use super::super::writer::Book;
use super::site::{write_site, SiteData};
use crate::error::{Error, Result};
use crate::ledger::Ledger;

/// An empty form: the same sheets and validations as the export, no rows.
pub(crate) fn write(book: &mut Book<'_>, ledger: &Ledger, name: &str, now: NaiveDateTime) -> Result<()> {
    match name {
        "assets" => super::assets::write_assets(book, &[], "资产登记表"),
        "site" => {
            let heads: Vec<String> = ledger.row_heads()?.into_iter().map(|h| h.code).collect();
            let empty = SiteData {
                rooms: vec![],
                heads: vec![],
                cabinets: vec![],
                assets: vec![],
                readings: vec![],
                cables: vec![],
            };
            write_site(book, &empty, &heads, None)
        }
        "weekly" => super::weekly::write_empty(book, now.date()),
        "repairs" => super::repairs::write(book, &[], &Default::default(), None),
        "faults" => super::faults::write(book, &[], None),
        "resources" => super::resources::write_empty(book),
        "power" => {
            super::power::write_power(book, &crate::power::PowerReport { cabinets: vec![], row_heads: vec![] }, None)
        }
        other => Err(Error::NotSupported { what: format!("空白表单“{other}”") }),
    }
}
