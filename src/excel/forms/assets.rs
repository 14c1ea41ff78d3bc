//! 资产登记 (附件6 and the ledger): one row per asset, the columns of [`AssetField`] in the
//! form's order, drop-downs on its ENUM columns. The site workbook and the weekly list reuse it.

use chrono::NaiveDate;

use super::super::sheets::SheetKind;
use super::super::writer::{col, enum_col, labels, Book, Col, V};
use crate::error::Result;
use crate::model::{Asset, AssetField, Category, Depth, Face, Ownership, Status};

/// The 资产登记 columns, in the form's order, with drop-downs on its ENUM columns.
pub fn asset_cols() -> Vec<Col> {
    AssetField::ALL
        .iter()
        .map(|f| match f {
            AssetField::Category => enum_col(f.header_zh(), labels(Category::ALL, Category::label_zh)),
            AssetField::Ownership => enum_col(f.header_zh(), labels(Ownership::ALL, Ownership::label_zh)),
            AssetField::Status => enum_col(f.header_zh(), labels(Status::ALL, Status::label_zh)),
            AssetField::Face => enum_col(f.header_zh(), labels(Face::ALL, Face::label_zh)),
            AssetField::Depth => enum_col(f.header_zh(), labels(Depth::ALL, Depth::label_zh)),
            _ => col(f.header_zh()),
        })
        .collect()
}

fn asset_value(a: &Asset, f: AssetField) -> V {
    let int = |v: Option<u32>| v.map(|v| V::Int(i64::from(v))).unwrap_or(V::Empty);
    let date = |d: Option<NaiveDate>| d.map(V::Date).unwrap_or(V::Empty);
    match f {
        AssetField::AssetTag => V::text(&a.asset_tag),
        AssetField::Name => V::text(&a.name),
        AssetField::Category => V::text(a.category.label_zh()),
        AssetField::Vendor => V::text(&a.vendor),
        AssetField::Model => V::text(&a.model),
        AssetField::Serial => V::text(&a.serial),
        AssetField::Spec => V::opt(&a.spec),
        AssetField::Ownership => V::text(a.ownership.label_zh()),
        AssetField::Owner => V::text(&a.owner),
        AssetField::System => V::opt(&a.system),
        AssetField::Custodian => V::opt(&a.custodian),
        AssetField::Room => V::opt(&a.room),
        AssetField::Cabinet => V::opt(&a.cabinet),
        AssetField::StartU => int(a.start_u),
        AssetField::UHeight => int(Some(a.u_height)),
        AssetField::Face => a.face.map(|f| V::text(f.label_zh())).unwrap_or(V::Empty),
        AssetField::Depth => V::text(a.depth.label_zh()),
        AssetField::RatedW => int(Some(a.rated_w)),
        AssetField::TypicalW => int(a.typical_w),
        AssetField::PsuCount => int(Some(a.psu_count)),
        AssetField::MgmtIp => V::opt(&a.mgmt_ip),
        AssetField::Supplier => V::opt(&a.supplier),
        AssetField::ContractNo => V::opt(&a.contract_no),
        AssetField::PurchasedOn => date(a.purchased_on),
        AssetField::RackedOn => date(a.racked_on),
        AssetField::WarrantyVendor => V::opt(&a.warranty_vendor),
        AssetField::WarrantyUntil => date(a.warranty_until),
        AssetField::Status => V::text(a.status.label_zh()),
        AssetField::RegisteredOn => date(a.registered_on),
        AssetField::RegisteredBy => V::opt(&a.registered_by),
        AssetField::Note => V::opt(&a.note),
    }
}
/// The 资产登记 sheet.
pub(crate) fn write_assets(book: &mut Book<'_>, assets: &[Asset], title: &str) -> Result<()> {
    let row = |i: usize| AssetField::ALL.iter().map(|f| asset_value(&assets[i], *f)).collect();
    book.sheet(SheetKind::Assets.sheet_name(), title, &asset_cols(), assets.len(), &row)
}
