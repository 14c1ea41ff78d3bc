//! The asset — one row of the ledger — and how a text value for a named field is applied to it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::enums::{Category, Depth, Face, Ownership, Status};
use super::fields::AssetField;
use crate::error::{Error, Result};
use crate::parse;

/// Where an asset is racked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Position {
    pub room: String,
    pub cabinet: String,
    pub start_u: u32,
    pub face: Face,
}

/// One asset of the ledger. Field names are the keys of templates.md's 资产登记 table; the
/// position fields (`room`, `cabinet`, `start_u`, `face`) are filled from its rack position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Asset {
    pub asset_tag: String,
    pub name: String,
    pub category: Category,
    pub vendor: String,
    pub model: String,
    pub serial: String,
    pub spec: Option<String>,
    pub ownership: Ownership,
    pub owner: String,
    pub system: Option<String>,
    pub custodian: Option<String>,
    pub room: Option<String>,
    pub cabinet: Option<String>,
    pub start_u: Option<u32>,
    pub u_height: u32,
    pub face: Option<Face>,
    pub depth: Depth,
    pub rated_w: u32,
    pub typical_w: Option<u32>,
    pub psu_count: u32,
    pub mgmt_ip: Option<String>,
    pub supplier: Option<String>,
    pub contract_no: Option<String>,
    pub purchased_on: Option<NaiveDate>,
    pub racked_on: Option<NaiveDate>,
    pub warranty_vendor: Option<String>,
    pub warranty_until: Option<NaiveDate>,
    pub status: Status,
    pub registered_on: Option<NaiveDate>,
    pub registered_by: Option<String>,
    pub note: Option<String>,
    /// Bumped on every change; lets an editor detect that someone else changed the row.
    pub version: i64,
}

/// The largest cabinet we accept is 60U; no device is taller than its cabinet.
pub const MAX_U: u32 = 60;

/// Field values given by name, as text, before they are applied to an asset (`asset add`,
/// `asset set`, a form in the app).
pub type AssetDraft = Vec<(AssetField, String)>;

impl Asset {
    /// A new asset with the form's defaults: 1U, full depth, one PSU, 自有, 库存.
    pub fn new(asset_tag: &str) -> Asset {
        Asset {
            asset_tag: asset_tag.trim().to_string(),
            name: String::new(),
            category: Category::Other,
            vendor: String::new(),
            model: String::new(),
            serial: String::new(),
            spec: None,
            ownership: Ownership::Platform,
            owner: String::new(),
            system: None,
            custodian: None,
            room: None,
            cabinet: None,
            start_u: None,
            u_height: 1,
            face: None,
            depth: Depth::Full,
            rated_w: 0,
            typical_w: None,
            psu_count: 1,
            mgmt_ip: None,
            supplier: None,
            contract_no: None,
            purchased_on: None,
            racked_on: None,
            warranty_vendor: None,
            warranty_until: None,
            status: Status::InStock,
            registered_on: None,
            registered_by: None,
            note: None,
            version: 0,
        }
    }

    /// The power this device is counted at: typical when known, else rated (design.md, Power).
    pub fn load_w(&self) -> u32 {
        self.typical_w.unwrap_or(self.rated_w)
    }

    pub fn position(&self) -> Option<Position> {
        match (&self.room, &self.cabinet, self.start_u) {
            (Some(room), Some(cabinet), Some(start_u)) => Some(Position {
                room: room.clone(),
                cabinet: cabinet.clone(),
                start_u,
                face: self.face.unwrap_or(Face::Front),
            }),
            _ => None,
        }
    }

    /// Parses `value` as `field` and stores it. An empty value clears an optional field.
    pub fn apply(&mut self, field: AssetField, value: &str) -> Result<()> {
        let v = value.trim();
        let invalid = |reason: String| Error::InvalidValue {
            field: field.header_zh().to_string(),
            value: value.to_string(),
            reason,
        };
        let text = || -> Option<String> { (!v.is_empty()).then(|| v.to_string()) };
        let required_text = || -> Result<String> {
            if v.is_empty() {
                Err(Error::MissingField { field: field.header_zh().to_string() })
            } else {
                Ok(v.to_string())
            }
        };
        let int = || -> Result<Option<u32>> {
            if v.is_empty() {
                return Ok(None);
            }
            parse::uint(v).map(Some).map_err(invalid)
        };
        let date = || -> Result<Option<NaiveDate>> {
            if v.is_empty() {
                return Ok(None);
            }
            parse::date(v).map(Some).map_err(invalid)
        };
        match field {
            AssetField::AssetTag => self.asset_tag = required_text()?,
            AssetField::Name => self.name = required_text()?,
            AssetField::Category => {
                self.category = Category::parse(v).ok_or_else(|| invalid(format!("可选值：{}", Category::choices())))?
            }
            AssetField::Vendor => self.vendor = v.to_string(),
            AssetField::Model => self.model = v.to_string(),
            AssetField::Serial => self.serial = v.to_string(),
            AssetField::Spec => self.spec = text(),
            AssetField::Ownership => {
                self.ownership =
                    Ownership::parse(v).ok_or_else(|| invalid(format!("可选值：{}", Ownership::choices())))?
            }
            AssetField::Owner => self.owner = v.to_string(),
            AssetField::System => self.system = text(),
            AssetField::Custodian => self.custodian = text(),
            AssetField::Room => self.room = text(),
            AssetField::Cabinet => self.cabinet = text(),
            AssetField::StartU => self.start_u = int()?,
            AssetField::UHeight => {
                let u = int()?.ok_or_else(|| Error::MissingField { field: field.header_zh().to_string() })?;
                if u > MAX_U {
                    return Err(invalid(format!("占用U数应在 0 到 {MAX_U} 之间")));
                }
                self.u_height = u;
            }
            AssetField::Face => {
                self.face = if v.is_empty() {
                    None
                } else {
                    Some(Face::parse(v).ok_or_else(|| invalid(format!("可选值：{}", Face::choices())))?)
                }
            }
            AssetField::Depth => {
                self.depth = if v.is_empty() {
                    Depth::Full
                } else {
                    Depth::parse(v).ok_or_else(|| invalid(format!("可选值：{}", Depth::choices())))?
                }
            }
            AssetField::RatedW => self.rated_w = int()?.unwrap_or(0),
            AssetField::TypicalW => self.typical_w = int()?,
            AssetField::PsuCount => self.psu_count = int()?.unwrap_or(1),
            AssetField::MgmtIp => self.mgmt_ip = if v.is_empty() { None } else { Some(parse::ip(v).map_err(invalid)?) },
            AssetField::Supplier => self.supplier = text(),
            AssetField::ContractNo => self.contract_no = text(),
            AssetField::PurchasedOn => self.purchased_on = date()?,
            AssetField::RackedOn => self.racked_on = date()?,
            AssetField::WarrantyVendor => self.warranty_vendor = text(),
            AssetField::WarrantyUntil => self.warranty_until = date()?,
            AssetField::Status => {
                self.status = Status::parse(v).ok_or_else(|| invalid(format!("可选值：{}", Status::choices())))?
            }
            AssetField::RegisteredOn => self.registered_on = date()?,
            AssetField::RegisteredBy => self.registered_by = text(),
            AssetField::Note => self.note = text(),
        }
        Ok(())
    }

    /// Checks the rules that concern this asset alone.
    pub fn validate(&self) -> Result<()> {
        if self.asset_tag.is_empty() {
            return Err(Error::MissingField { field: AssetField::AssetTag.header_zh().into() });
        }
        if self.asset_tag.chars().any(|c| c.is_control() || c == ':') {
            return Err(Error::InvalidValue {
                field: AssetField::AssetTag.header_zh().into(),
                value: self.asset_tag.clone(),
                reason: "资产编号不能含有冒号或控制字符".into(),
            });
        }
        // The form's required (`*`) text fields: a ledger row without them would not survive
        // its own export and re-import.
        for (field, value) in [
            (AssetField::Name, &self.name),
            (AssetField::Vendor, &self.vendor),
            (AssetField::Model, &self.model),
            (AssetField::Serial, &self.serial),
            (AssetField::Owner, &self.owner),
        ] {
            if value.trim().is_empty() {
                return Err(Error::MissingField { field: field.header_zh().into() });
            }
        }
        if self.psu_count > 16 {
            return Err(Error::InvalidValue {
                field: AssetField::PsuCount.header_zh().into(),
                value: self.psu_count.to_string(),
                reason: "电源数量应在 0 到 16 之间".into(),
            });
        }
        Ok(())
    }
}
