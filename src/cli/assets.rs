//! `asset list | show | add | set | retire`.

use clap::Subcommand;
use serde_json::json;

use super::{pairs, table, Env, Failure, Outcome};
use crate::db::assets::AssetFilter;
use crate::db::uids::Record;
use crate::i18n::Lang;
use crate::ledger::position_label;
use crate::model::{Asset, AssetField, Category, Ownership, Status};

#[derive(Debug, Subcommand)]
pub enum AssetCmd {
    /// 列出/搜索设备 / list and search the ledger
    List {
        /// 按资产编号、名称、序列号、型号、归属单位、管理IP搜索 / search
        #[arg(long, short)]
        query: Option<String>,
        #[arg(long)]
        cabinet: Option<String>,
        #[arg(long)]
        room: Option<String>,
        #[arg(long, value_parser = parse_enum::<Category>)]
        category: Option<Category>,
        #[arg(long, value_parser = parse_enum::<Status>)]
        status: Option<Status>,
        #[arg(long, value_parser = parse_enum::<Ownership>)]
        ownership: Option<Ownership>,
        #[arg(long)]
        owner: Option<String>,
        #[arg(long)]
        limit: Option<u32>,
    },
    /// 设备详情、位置与履历 / one asset with its position and history
    Show { asset: String },
    /// 登记设备：TAG 字段=值… 或 --字段 值… / register an asset
    Add {
        #[arg(required = true, trailing_var_arg = true, allow_hyphen_values = true, num_args = 1.., value_name = "TAG | FIELD=VALUE")]
        args: Vec<String>,
    },
    /// 修改字段 / change fields: TAG FIELD=VALUE…
    Set {
        asset: String,
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 1.., value_name = "FIELD=VALUE")]
        args: Vec<String>,
        /// 仅当版本号一致时修改 / refuse if someone changed it since this version
        #[arg(long = "if-version", alias = "expect-version")]
        if_version: Option<i64>,
    },
    /// 报废 / retire an asset
    Retire {
        asset: String,
        #[arg(long)]
        reason: String,
    },
}

trait Labeled: Sized {
    fn parse_label(s: &str) -> Option<Self>;
    fn all_choices() -> String;
}
macro_rules! labeled {
    ($($t:ty),*) => {$(
        impl Labeled for $t {
            fn parse_label(s: &str) -> Option<Self> { <$t>::parse(s) }
            fn all_choices() -> String { <$t>::choices() }
        }
    )*};
}
labeled!(Category, Status, Ownership);

fn parse_enum<T: Labeled>(s: &str) -> Result<T, String> {
    T::parse_label(s).ok_or_else(|| format!("可选值 / choices: {}", T::all_choices()))
}

pub fn run(env: &mut Env, cmd: AssetCmd) -> Result<Outcome, Failure> {
    let lang = env.lang;
    match cmd {
        AssetCmd::List { query, cabinet, room, category, status, ownership, owner, limit } => {
            let filter = AssetFilter {
                query,
                cabinet,
                room,
                category,
                status,
                ownership,
                owner,
                limit,
                ..AssetFilter::default()
            };
            let assets = env.ledger.assets(&filter)?;
            // `count` the rows returned, `total` the rows the filters match (`--limit` aside).
            let total = env.ledger.asset_count(&filter)?;
            let text = list_text(&assets, lang) + &table::shown(assets.len(), total, ("台", "assets"), lang);
            Ok(Outcome::ok(json!({ "assets": assets, "count": assets.len(), "total": total }), text))
        }
        AssetCmd::Show { asset } => {
            let d = env.ledger.asset_detail(&asset)?;
            let mut items = fields_text(&d.asset, lang);
            for h in &d.history {
                let what = [h.from_pos.as_deref(), h.to_pos.as_deref(), h.old_value.as_deref(), h.new_value.as_deref()]
                    .iter()
                    .flatten()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" → ");
                items.push((format!("{} {}", h.at, h.operator), format!("{} {what}", h.kind)));
            }
            let json = serde_json::to_value(&d).unwrap_or_default();
            Outcome::shown(&env.ledger, Record::Asset, &d.asset.asset_tag, json, pairs_text(items))
        }
        AssetCmd::Add { args } => {
            let (tag, mut draft) = pairs::parse(&args)?;
            if let Some(tag) = tag {
                draft.insert(0, (AssetField::AssetTag, tag));
            }
            let a = env.ledger.add_asset(&env.ctx, &draft)?;
            let text = format!("{}{}", lang.pick("已登记 ", "registered "), a.asset_tag);
            Ok(Outcome::ok(json!({"ok": true, "asset": a}), text))
        }
        AssetCmd::Set { asset, args, if_version } => {
            let (stray, draft) = pairs::parse(&args)?;
            if let Some(word) = stray {
                return Err(Failure::Usage(format!("无法理解参数“{word}”，应为 字段=值 / expected FIELD=VALUE")));
            }
            if draft.is_empty() {
                return Err(Failure::Usage("请给出要修改的 字段=值 / give FIELD=VALUE".into()));
            }
            let a = env.ledger.set_asset(&env.ctx, &asset, &draft, if_version)?;
            let text = format!("{}{}", lang.pick("已修改 ", "updated "), a.asset_tag);
            Ok(Outcome::ok(json!({"ok": true, "asset": a}), text))
        }
        AssetCmd::Retire { asset, reason } => {
            let a = env.ledger.retire_asset(&env.ctx, &asset, &reason)?;
            let text = format!("{}{}", lang.pick("已报废 ", "retired "), a.asset_tag);
            Ok(Outcome::ok(json!({"ok": true, "asset": a}), text))
        }
    }
}

/// `A03-U21` or `U21–U22`-style position for lists.
pub fn where_text(a: &Asset) -> String {
    match a.position() {
        Some(p) if a.u_height > 1 => {
            format!("{}–U{}", position_label(&p.cabinet, p.start_u, p.face), p.start_u + a.u_height - 1)
        }
        Some(p) => position_label(&p.cabinet, p.start_u, p.face),
        None => String::new(),
    }
}

fn list_text(assets: &[Asset], lang: Lang) -> String {
    let headers = [
        AssetField::AssetTag,
        AssetField::Name,
        AssetField::Category,
        AssetField::Vendor,
        AssetField::Model,
        AssetField::Owner,
        AssetField::Cabinet,
        AssetField::Status,
    ]
    .map(|f| f.header(lang));
    let rows: Vec<Vec<String>> = assets
        .iter()
        .map(|a| {
            vec![
                a.asset_tag.clone(),
                a.name.clone(),
                a.category.label(lang).to_string(),
                a.vendor.clone(),
                a.model.clone(),
                a.owner.clone(),
                where_text(a),
                a.status.label(lang).to_string(),
            ]
        })
        .collect();
    table::render(&headers, &rows)
}

fn fields_text(a: &Asset, lang: Lang) -> Vec<(String, String)> {
    let v = serde_json::to_value(a).unwrap_or_default();
    AssetField::ALL
        .iter()
        .map(|f| {
            let value = match f {
                AssetField::Category => a.category.label(lang).to_string(),
                AssetField::Ownership => a.ownership.label(lang).to_string(),
                AssetField::Status => a.status.label(lang).to_string(),
                AssetField::Depth => a.depth.label(lang).to_string(),
                AssetField::Face => a.face.map(|x| x.label(lang).to_string()).unwrap_or_default(),
                _ => match v.get(f.key()) {
                    Some(serde_json::Value::String(s)) => s.clone(),
                    Some(serde_json::Value::Null) | None => String::new(),
                    Some(other) => other.to_string(),
                },
            };
            (f.header(lang).to_string(), value)
        })
        .collect()
}

fn pairs_text(items: Vec<(String, String)>) -> String {
    table::pairs(&items)
}
