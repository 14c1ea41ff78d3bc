//! Labels (标签) printed after racking (ops rules §4.2 item 7), as a PDF on A4 label sheets:
//!
//! - a device label: asset tag, name, model, serial, position (`A01-U12`), owner, and a QR code of
//!   the asset tag ([`DeviceLabel`]);
//! - a cable label for each end of a cable: the cable's number, this end and the far end in the
//!   `机柜-U位-端口` style ([`CableLabel`]).
//!
//! The inputs are plain structs, so any source can feed them: [`Ledger::device_labels`] builds
//! device labels from the ledger (by asset tags or by cabinet); [`Ledger::cable_labels`] builds
//! cable labels from the ledger's cables (by number or by cabinet); a JSON file of
//! [`CableLabel`]s can feed cables the ledger does not hold.
//!
//! The font: Chinese text needs a CJK font embedded in the PDF. We use Debian's `fonts-noto-cjk`
//! (Noto Sans CJK SC, the face the UI is set in), found at run time from a list of paths or the
//! file named by `RACKLEDGER_LABEL_FONT` ([`font`]), and embed only the glyphs used (subset by
//! krilla), so a sheet of 24 labels is a few tens of kilobytes.
//!
//! Parts: [`layout`] (the sheet grid and where each line goes, fitted to the label), [`qr`]
//! (the QR code), [`font`] (finding and measuring the font), [`pdf`] (writing it out).

pub mod font;
pub mod layout;
pub mod pdf;
pub mod qr;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::db::assets::{AssetFilter, SortKey};
use crate::error::{Error, LabelKind, Result};
use crate::ledger::{position_label, Ledger};
use crate::model::{Asset, Cable, Face};

pub use font::{LabelFont, FONT_ENV, FONT_PATHS};
pub use layout::{Sheet, DEFAULT_SHEET};

/// What a device label shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeviceLabel {
    pub asset_tag: String,
    pub name: String,
    /// Vendor and model, e.g. `华为 2288H V6`.
    pub model: String,
    pub serial: String,
    /// `A01-U12` (`A01-U12(后)` on the rear face); none when not racked.
    pub position: Option<String>,
    pub owner: String,
}

impl DeviceLabel {
    pub fn from_asset(a: &Asset) -> DeviceLabel {
        let model = [a.vendor.trim(), a.model.trim()].iter().filter(|s| !s.is_empty()).copied().collect::<Vec<_>>();
        DeviceLabel {
            asset_tag: a.asset_tag.clone(),
            name: a.name.clone(),
            model: model.join(" "),
            serial: a.serial.clone(),
            position: a.position().map(|p| position_label(&p.cabinet, p.start_u, a.face.unwrap_or(Face::Front))),
            owner: a.owner.clone(),
        }
    }
}

/// One end of a cable: where it plugs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CableEnd {
    #[serde(default)]
    pub cabinet: Option<String>,
    /// The device's start U in that cabinet.
    #[serde(default)]
    pub start_u: Option<u32>,
    /// The device, for an end whose device is not racked.
    #[serde(default)]
    pub asset_tag: Option<String>,
    pub port: String,
    /// The end's label as the ledger keeps it (generated or edited); printed as it is.
    #[serde(default)]
    pub label: Option<String>,
}

impl CableEnd {
    /// The ledger's label of the end when it has one; else `A01-U12-GE1/0/1` (机柜-U位-端口),
    /// or `ZC-001-GE1/0/1` when the device is not racked.
    pub fn text(&self) -> String {
        if let Some(label) = self.label.as_deref().map(str::trim).filter(|l| !l.is_empty()) {
            return label.to_string();
        }
        let place: Vec<String> = match (&self.cabinet, self.start_u) {
            (Some(c), Some(u)) => vec![c.clone(), format!("U{u}")],
            (Some(c), None) => vec![c.clone()],
            _ => self.asset_tag.iter().cloned().collect(),
        };
        place
            .into_iter()
            .chain(std::iter::once(self.port.clone()))
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// What the two labels of a cable show (one on each end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CableLabel {
    /// The cable's number or label, printed large.
    pub label: String,
    pub a: CableEnd,
    pub b: CableEnd,
    /// 铜缆 / 光纤 / 电源线 …
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub length_m: Option<f64>,
    #[serde(default)]
    pub colour: Option<String>,
}

impl CableLabel {
    /// The labels of a ledger cable: its number, both ends as labelled, its type, length, colour.
    pub fn from_cable(c: &Cable) -> CableLabel {
        let end = |e: &crate::model::CableEnd| CableEnd {
            cabinet: e.cabinet.clone(),
            start_u: e.start_u,
            asset_tag: Some(e.asset_tag.clone()),
            port: e.port.clone(),
            label: e.label.clone(),
        };
        CableLabel {
            label: c.cable_no.clone(),
            a: end(&c.a),
            b: end(&c.b),
            kind: Some(c.cable_type.label_zh().to_string()),
            length_m: c.length_m,
            colour: c.colour.clone(),
        }
    }

    /// The small last line: type, length and colour, those that are known (`光纤 3 m 黄`).
    pub fn details(&self) -> String {
        let length = self.length_m.map(|l| format!("{} m", trim_float(l)));
        [self.kind.clone(), length, self.colour.clone()]
            .into_iter()
            .flatten()
            .filter(|s| !s.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn trim_float(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// One thing to print: a device label, or a cable's pair of end labels.
#[derive(Debug, Clone, PartialEq)]
pub enum Label {
    Device(DeviceLabel),
    Cable(CableLabel),
}

/// How to print: the sheet, how many cells of the first sheet are already used, and whether to
/// draw each label's outline (for plain paper).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PrintOptions {
    pub sheet: Sheet,
    pub skip: usize,
    pub outline: bool,
}

/// What was printed, for the command line's JSON and the app.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LabelsPrinted {
    pub file: String,
    /// Labels on the sheets (a cable counts two).
    pub labels: u32,
    pub pages: u32,
    pub bytes: u64,
    pub sheet: String,
    /// The font file embedded.
    pub font: String,
}

/// The PDF of `labels`, and how many labels and pages it holds.
pub fn render(labels: &[Label], opts: &PrintOptions, font: &LabelFont) -> Result<(Vec<u8>, u32, u32)> {
    if labels.is_empty() {
        return Err(Error::NothingToLabel { kind: None, cabinet: None });
    }
    let pages = layout::pages(font, labels, &opts.sheet, opts.skip, opts.outline);
    let count = labels.iter().map(|l| if matches!(l, Label::Cable(_)) { 2 } else { 1 }).sum();
    let bytes = pdf::write(&pages, &opts.sheet, font)?;
    Ok((bytes, count, pages.len() as u32))
}

/// Renders `labels` with the font found at run time and writes the PDF to `out`.
pub fn print_to_file(labels: &[Label], opts: &PrintOptions, out: &Path) -> Result<LabelsPrinted> {
    let font = LabelFont::find()?;
    let (bytes, labels, pages) = render(labels, opts, &font)?;
    std::fs::write(out, &bytes).map_err(|source| Error::Io { path: out.display().to_string(), source })?;
    Ok(LabelsPrinted {
        file: out.display().to_string(),
        labels,
        pages,
        bytes: bytes.len() as u64,
        sheet: opts.sheet.name.clone(),
        font: font.path.display().to_string(),
    })
}

/// Which devices to label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum DeviceSelection {
    /// These asset tags, in this order.
    Tags(Vec<String>),
    /// Every device racked in the cabinet, top first (the order they are labelled in).
    Cabinet(String),
}

/// Which cables to label.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum CableSelection {
    /// These cable numbers, in this order.
    Numbers(Vec<String>),
    /// Every cable with an end on a device racked in the cabinet.
    Cabinet(String),
}

impl Ledger {
    /// Prints the two end labels of each selected cable to the PDF `out` (`label cables`).
    pub fn print_cable_labels(&self, sel: &CableSelection, opts: &PrintOptions, out: &Path) -> Result<LabelsPrinted> {
        let labels: Vec<Label> = self.cable_labels(sel)?.into_iter().map(Label::Cable).collect();
        print_to_file(&labels, opts, out)
    }

    /// The cable labels for a selection, from the ledger. An unknown cable or cabinet is an
    /// error; so is a cabinet none of whose devices is cabled (there is nothing to print).
    pub fn cable_labels(&self, sel: &CableSelection) -> Result<Vec<CableLabel>> {
        match sel {
            CableSelection::Numbers(nos) => {
                if nos.is_empty() {
                    return Err(Error::NothingToLabel { kind: Some(LabelKind::Cable), cabinet: None });
                }
                nos.iter().map(|n| self.cable(n.trim()).map(|c| CableLabel::from_cable(&c))).collect()
            }
            CableSelection::Cabinet(code) => {
                let cabinet = self.cabinet(code.trim())?;
                let here = |e: &crate::model::CableEnd| e.cabinet.as_deref() == Some(cabinet.code.as_str());
                let labels: Vec<CableLabel> =
                    self.cables()?.iter().filter(|c| here(&c.a) || here(&c.b)).map(CableLabel::from_cable).collect();
                if labels.is_empty() {
                    return Err(Error::NothingToLabel { kind: Some(LabelKind::Cable), cabinet: Some(cabinet.code) });
                }
                Ok(labels)
            }
        }
    }

    /// Prints the device labels of a selection to the PDF `out`: what `label devices` and the
    /// app's 打印标签 both call.
    pub fn print_device_labels(&self, sel: &DeviceSelection, opts: &PrintOptions, out: &Path) -> Result<LabelsPrinted> {
        let labels: Vec<Label> = self.device_labels(sel)?.into_iter().map(Label::Device).collect();
        print_to_file(&labels, opts, out)
    }

    /// The device labels for a selection, from the ledger. An unknown tag or cabinet is an error;
    /// a cabinet with nothing racked is too (there is nothing to print).
    pub fn device_labels(&self, sel: &DeviceSelection) -> Result<Vec<DeviceLabel>> {
        match sel {
            DeviceSelection::Tags(tags) => {
                if tags.is_empty() {
                    return Err(Error::NothingToLabel { kind: Some(LabelKind::Device), cabinet: None });
                }
                tags.iter().map(|t| self.asset(t.trim()).map(|a| DeviceLabel::from_asset(&a))).collect()
            }
            DeviceSelection::Cabinet(code) => {
                let cabinet = self.cabinet(code.trim())?;
                let devices = self.assets(&AssetFilter {
                    cabinet: Some(cabinet.code.clone()),
                    sort: Some(SortKey::Cabinet),
                    descending: true,
                    ..AssetFilter::default()
                })?;
                if devices.is_empty() {
                    return Err(Error::NothingToLabel { kind: Some(LabelKind::Device), cabinet: Some(cabinet.code) });
                }
                Ok(devices.iter().map(DeviceLabel::from_asset).collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cable_end_reads_cabinet_u_port_or_falls_back_to_the_asset() {
        let racked = CableEnd {
            cabinet: Some("A01".into()),
            start_u: Some(12),
            asset_tag: None,
            port: "GE1/0/1".into(),
            label: None,
        };
        assert_eq!(racked.text(), "A01-U12-GE1/0/1");
        let loose =
            CableEnd { cabinet: None, start_u: None, asset_tag: Some("ZC-9".into()), port: "eth0".into(), label: None };
        assert_eq!(loose.text(), "ZC-9-eth0");
    }

    #[test]
    fn cable_details_skip_what_is_unknown() {
        let end = CableEnd { cabinet: None, start_u: None, asset_tag: None, port: "1".into(), label: None };
        let mut c = CableLabel {
            label: "L1".into(),
            a: end.clone(),
            b: end,
            kind: Some("光纤".into()),
            length_m: Some(2.5),
            colour: None,
        };
        assert_eq!(c.details(), "光纤 2.5 m");
        c.length_m = Some(3.0);
        c.colour = Some("黄".into());
        assert_eq!(c.details(), "光纤 3 m 黄");
    }
}
