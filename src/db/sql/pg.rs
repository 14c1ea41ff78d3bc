//! What PostgreSQL needs that SQLite does not: `$N` placeholders, values bound to the parameter
//! types the server inferred, and cells read back into SQLite's value model so one reader serves
//! both engines (`i64` from BIGINT or NUMERIC sums, text, reals, blobs).

use std::error::Error as StdError;

use bytes::{BufMut, BytesMut};
use postgres::types::{to_sql_checked, FromSql, IsNull, ToSql as PgToSql, Type};
use rusqlite::types::{ToSqlOutput, Value, ValueRef};

type BoxError = Box<dyn StdError + Sync + Send>;

/// Rewrites SQLite placeholders (`?1`, `?`) into PostgreSQL's (`$1`), leaving quoted text,
/// quoted names and comments alone. A bare `?` takes the number after the highest so far, as in
/// SQLite.
pub fn placeholders(sql: &str) -> String {
    let bytes = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 8);
    let mut highest = 0usize;
    let mut i = 0;
    let mut start = 0;
    while i < bytes.len() {
        match bytes[i] {
            quote @ (b'\'' | b'"') => {
                i += 1;
                while i < bytes.len() && bytes[i] != quote {
                    i += 1;
                }
                i += 1;
            }
            b'-' if bytes.get(i + 1) == Some(&b'-') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'?' => {
                out.push_str(&sql[start..i]);
                let digits = bytes[i + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                let n = if digits > 0 { sql[i + 1..i + 1 + digits].parse().unwrap_or(0) } else { highest + 1 };
                highest = highest.max(n);
                out.push('$');
                out.push_str(&n.to_string());
                i += 1 + digits;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[start.min(sql.len())..]);
    out
}

/// One parameter, as rusqlite's `ToSql` gives it, converted on the wire to whatever type the
/// server inferred for its place (an integer into INT4, text into a UUID …).
#[derive(Debug)]
pub struct PgParam<'a>(pub ValueRef<'a>);

impl<'a> PgParam<'a> {
    pub fn from_output(o: &'a ToSqlOutput<'a>) -> PgParam<'a> {
        PgParam(match o {
            ToSqlOutput::Borrowed(v) => *v,
            ToSqlOutput::Owned(v) => ValueRef::from(v),
            _ => ValueRef::Null,
        })
    }
}

fn is_text(ty: &Type) -> bool {
    [Type::TEXT, Type::VARCHAR, Type::BPCHAR, Type::NAME, Type::UNKNOWN].contains(ty)
}

impl PgToSql for PgParam<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match self.0 {
            ValueRef::Null => Ok(IsNull::Yes),
            ValueRef::Integer(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::NUMERIC => numeric_from_text(&i.to_string(), out),
                _ if is_text(ty) => i.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("整数不能写入 {ty} 类型").into()),
            },
            ValueRef::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                Type::INT8 if f.fract() == 0.0 => (f as i64).to_sql(ty, out),
                Type::NUMERIC => numeric_from_text(&f.to_string(), out),
                _ if is_text(ty) => f.to_string().as_str().to_sql(&Type::TEXT, out),
                _ => Err(format!("小数不能写入 {ty} 类型").into()),
            },
            ValueRef::Text(t) => {
                let s = std::str::from_utf8(t)?;
                match *ty {
                    Type::JSONB => {
                        out.put_u8(1);
                        out.put_slice(s.as_bytes());
                        Ok(IsNull::No)
                    }
                    Type::JSON => {
                        out.put_slice(s.as_bytes());
                        Ok(IsNull::No)
                    }
                    Type::UUID => uuid::Uuid::parse_str(s)?.to_sql(ty, out),
                    // SQLite's column affinity turns numeric text into numbers; so do we.
                    Type::INT8 => s.trim().parse::<i64>()?.to_sql(ty, out),
                    Type::INT4 => s.trim().parse::<i32>()?.to_sql(ty, out),
                    Type::FLOAT8 => s.trim().parse::<f64>()?.to_sql(ty, out),
                    _ => s.to_sql(&Type::TEXT, out),
                }
            }
            ValueRef::Blob(b) => match *ty {
                Type::BYTEA => b.to_sql(ty, out),
                _ => Err(format!("二进制值不能写入 {ty} 类型").into()),
            },
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// PostgreSQL's NUMERIC parameter from decimal text (only reached when a column is NUMERIC).
fn numeric_from_text(text: &str, out: &mut BytesMut) -> Result<IsNull, BoxError> {
    let negative = text.starts_with('-');
    let text = text.trim_start_matches('-');
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    let int = int.trim_start_matches('0');
    // Base-10000 groups, aligned on the decimal point.
    let pad_int = (4 - int.len() % 4) % 4;
    let int_digits: String = "0".repeat(pad_int) + int;
    let pad_frac = (4 - frac.len() % 4) % 4;
    let frac_digits: String = frac.to_string() + &"0".repeat(pad_frac);
    let mut groups: Vec<i16> = Vec::new();
    for chunk in int_digits.as_bytes().chunks(4).chain(frac_digits.as_bytes().chunks(4)) {
        groups.push(std::str::from_utf8(chunk)?.parse()?);
    }
    let weight = (int_digits.len() / 4) as i16 - 1;
    out.put_i16(groups.len() as i16);
    out.put_i16(weight);
    out.put_u16(if negative { 0x4000 } else { 0 });
    out.put_u16(frac.len() as u16);
    for g in groups {
        out.put_i16(g);
    }
    Ok(IsNull::No)
}

/// One cell of a PostgreSQL row in SQLite's value model.
pub struct PgCell(pub Value);

impl<'a> FromSql<'a> for PgCell {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> Result<PgCell, BoxError> {
        let v = match *ty {
            Type::INT8 => Value::Integer(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Integer(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Integer(i16::from_sql(ty, raw)?.into()),
            Type::OID => Value::Integer(u32::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Integer(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(raw.to_vec()),
            Type::UUID => Value::Text(uuid::Uuid::from_sql(ty, raw)?.to_string()),
            Type::JSONB => Value::Text(String::from_utf8(raw.get(1..).unwrap_or_default().to_vec())?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        };
        Ok(PgCell(v))
    }

    fn from_sql_null(_: &Type) -> Result<PgCell, BoxError> {
        Ok(PgCell(Value::Null))
    }

    fn accepts(ty: &Type) -> bool {
        !matches!(ty.kind(), postgres::types::Kind::Array(_) | postgres::types::Kind::Composite(_))
    }
}

/// NUMERIC's binary form: digit count, weight, sign, scale, then base-10000 digits. Whole
/// numbers (a SUM of BIGINT) come back as integers, others as reals.
fn numeric(raw: &[u8]) -> Result<Value, BoxError> {
    let word = |i: usize| -> Result<i16, BoxError> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("NUMERIC 值不完整")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let ndigits = word(0)? as usize;
    let weight = word(1)? as i32;
    let sign = word(2)? as u16;
    let dscale = word(3)? as u16;
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut real = 0f64;
    let mut whole: Option<i128> = Some(0);
    for i in 0..ndigits {
        let d = word(4 + i)? as i32;
        let power = weight - i as i32;
        real += d as f64 * 10000f64.powi(power);
        whole = match (whole, power >= 0) {
            (Some(w), true) => 10000i128.checked_pow(power as u32).and_then(|p| w.checked_add(d as i128 * p)),
            (Some(w), false) if d == 0 => Some(w),
            _ => None,
        };
    }
    let negative = sign == 0x4000;
    match whole.filter(|_| dscale == 0).and_then(|w| i64::try_from(if negative { -w } else { w }).ok()) {
        Some(i) => Ok(Value::Integer(i)),
        None => Ok(Value::Real(if negative { -real } else { real })),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_numbered_bare_and_quoted() {
        assert_eq!(placeholders("SELECT a FROM t WHERE a = ?1 AND b = ?2"), "SELECT a FROM t WHERE a = $1 AND b = $2");
        assert_eq!(placeholders("INSERT INTO t VALUES (?, ?, ?)"), "INSERT INTO t VALUES ($1, $2, $3)");
        assert_eq!(
            placeholders("SELECT '?1', \"a?\" FROM t WHERE x = ?3 -- ?9\n AND y = ?"),
            "SELECT '?1', \"a?\" FROM t WHERE x = $3 -- ?9\n AND y = $4"
        );
        assert_eq!(placeholders("SELECT 1"), "SELECT 1");
        assert_eq!(placeholders("?12"), "$12");
    }

    fn encode_numeric(text: &str) -> Vec<u8> {
        let mut b = BytesMut::new();
        numeric_from_text(text, &mut b).unwrap();
        b.to_vec()
    }

    #[test]
    fn numeric_round_trips_through_our_encoder() {
        assert_eq!(numeric(&encode_numeric("123456789")).unwrap(), Value::Integer(123456789));
        assert_eq!(numeric(&encode_numeric("-42")).unwrap(), Value::Integer(-42));
        assert_eq!(numeric(&encode_numeric("0")).unwrap(), Value::Integer(0));
        assert_eq!(numeric(&encode_numeric("12.5")).unwrap(), Value::Real(12.5));
        assert_eq!(numeric(&encode_numeric("-0.25")).unwrap(), Value::Real(-0.25));
    }
}
