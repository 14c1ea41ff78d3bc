//! `label devices ASSET… | --cabinet C [--out FILE]` and
//! `label cables CABLE… | --cabinet C | --file CABLES.json [--out FILE]`:
//! label sheets as a PDF through [`crate::labels`]. Printing writes a file and nothing to the
//! ledger.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::{Env, Failure, Outcome};
use crate::error::Error;
use crate::i18n::Lang;
use crate::labels::{self, CableLabel, CableSelection, DeviceSelection, Label, LabelsPrinted, PrintOptions, Sheet};

#[derive(Debug, Subcommand)]
pub enum LabelCmd {
    /// 设备标签（资产编号、名称、型号、序列号、位置、归属、二维码）/ device labels
    Devices {
        /// 资产编号 / asset tags
        #[arg(required_unless_present = "cabinet", conflicts_with = "cabinet")]
        assets: Vec<String>,
        /// 打印该机柜内全部设备的标签 / every device racked in this cabinet
        #[arg(long)]
        cabinet: Option<String>,
        #[command(flatten)]
        sheet: SheetArgs,
    },
    /// 线缆标签（每根线缆两端各一张）/ cable labels, one for each end
    Cables {
        /// 线缆编号 / cable numbers
        #[arg(required_unless_present_any = ["cabinet", "file"], conflicts_with_all = ["cabinet", "file"])]
        cables: Vec<String>,
        /// 打印两端在该机柜内的全部线缆的标签 / every cable with an end in this cabinet
        #[arg(long, conflicts_with = "file")]
        cabinet: Option<String>,
        /// 台账外的线缆，JSON 文件：[{"label","a":{"cabinet","start_u","port"},"b":{…},"kind","length_m","colour"}]
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        #[command(flatten)]
        sheet: SheetArgs,
    },
}

#[derive(Debug, Args)]
pub struct SheetArgs {
    /// 输出的 PDF 文件 / the PDF to write
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// 标签纸：a4-3x8（默认，70×37 mm）、a4-3x7、a4-2x7、a4-4x10，或 列x行 / the label sheet
    #[arg(long, default_value = labels::DEFAULT_SHEET)]
    pub sheet: String,
    /// 跳过第一页已用掉的标签数 / labels already used on the first sheet
    #[arg(long, default_value_t = 0)]
    pub skip: usize,
    /// 画出每张标签的边框（用普通纸打印时）/ draw each label's outline
    #[arg(long)]
    pub outline: bool,
}

impl SheetArgs {
    fn options(&self) -> Result<PrintOptions, Failure> {
        Ok(PrintOptions { sheet: Sheet::parse(&self.sheet)?, skip: self.skip, outline: self.outline })
    }
}

pub fn run(env: &mut Env, cmd: LabelCmd) -> Result<Outcome, Failure> {
    match cmd {
        LabelCmd::Devices { assets, cabinet, sheet } => {
            let opts = sheet.options()?;
            let (selection, default_name) = match cabinet {
                Some(c) => (DeviceSelection::Cabinet(c.clone()), format!("labels-{c}.pdf")),
                None => {
                    let first = assets.first().cloned().unwrap_or_default();
                    (DeviceSelection::Tags(assets), format!("labels-{first}.pdf"))
                }
            };
            let out = sheet.out.clone().unwrap_or_else(|| PathBuf::from(safe_file_name(&default_name)));
            printed(env.lang, env.ledger.print_device_labels(&selection, &opts, &out)?)
        }
        LabelCmd::Cables { cables, cabinet, file, sheet } => {
            let opts = sheet.options()?;
            let Some(file) = file else {
                let (selection, default_name) = match cabinet {
                    Some(c) => (CableSelection::Cabinet(c.clone()), format!("cable-labels-{c}.pdf")),
                    None => {
                        let first = cables.first().cloned().unwrap_or_default();
                        (CableSelection::Numbers(cables), format!("cable-labels-{first}.pdf"))
                    }
                };
                let out = sheet.out.clone().unwrap_or_else(|| PathBuf::from(safe_file_name(&default_name)));
                return printed(env.lang, env.ledger.print_cable_labels(&selection, &opts, &out)?);
            };
            let Some(out) = sheet.out.clone() else {
                return Err(Failure::Usage(
                    env.lang.pick("label cables --file 需要 --out FILE", "label cables --file needs --out FILE").into(),
                ));
            };
            let text = std::fs::read_to_string(&file)
                .map_err(|source| Error::Io { path: file.display().to_string(), source })?;
            let list: Vec<CableLabel> = serde_json::from_str(&text).map_err(|e| Error::InvalidValue {
                field: "线缆 JSON".into(),
                value: file.display().to_string(),
                reason: e.to_string(),
            })?;
            let list: Vec<Label> = list.into_iter().map(Label::Cable).collect();
            printed(env.lang, labels::print_to_file(&list, &opts, &out)?)
        }
    }
}

/// A default file name made of a tag or cabinet code: path separators become `_`.
fn safe_file_name(name: &str) -> String {
    name.chars()
        .map(|c| if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') { '_' } else { c })
        .collect()
}

fn printed(lang: Lang, p: LabelsPrinted) -> Result<Outcome, Failure> {
    let text = match lang {
        Lang::Zh => format!(
            "已生成标签 {}：{} 张标签，{} 页（{}），{} KB，字体 {}",
            p.file,
            p.labels,
            p.pages,
            p.sheet,
            p.bytes.div_ceil(1024),
            p.font
        ),
        Lang::En => format!(
            "labels written to {}: {} labels on {} pages ({}), {} KB, font {}",
            p.file,
            p.labels,
            p.pages,
            p.sheet,
            p.bytes.div_ceil(1024),
            p.font
        ),
    };
    let mut doc = serde_json::to_value(&p).unwrap_or_default();
    if let Some(o) = doc.as_object_mut() {
        o.insert("ok".into(), serde_json::Value::Bool(true));
    }
    Ok(Outcome::ok(doc, text))
}
