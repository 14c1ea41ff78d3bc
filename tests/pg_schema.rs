//! The PostgreSQL migrations (src/db/migrations/pg/) against the SQLite ones: the SQLite
//! migrations applied to a file, the PostgreSQL ones to a fresh database on the throwaway
//! cluster, then per table the column names and order, types (under the mapping of
//! src/db/pg_migrations.rs), collations, nullability, defaults, identities, generated columns,
//! primary keys, foreign keys with their actions, unique constraints, indexes with their columns
//! and predicates, CHECKs (evaluated on both engines over the same probe values), triggers and
//! views, and the rows the migrations seed. Any difference fails the test and is named.
//! Also [`pg_migrate`] itself: once, idempotent, concurrent, refusing newer and foreign databases.

use std::collections::{BTreeMap, BTreeSet};

use postgres::types::{ToSql, Type};
use postgres::Client;
use rackledger::db::migrations;
use rackledger::db::pg_migrations::{
    pg_current, pg_latest, pg_migrate, pg_sync_identities, PgMigrateError, PG_MIGRATIONS,
};

use crate::common::pg;

// ---------------------------------------------------------------------------------------------
// The schema as both engines describe it

#[derive(Debug, Clone, PartialEq)]
struct Column {
    name: String,
    /// PostgreSQL's spelling: `bigint`, `double precision`, `text`.
    ty: String,
    /// PostgreSQL's spelling: `C` (SQLite's BINARY); None for non-text columns.
    collation: Option<String>,
    not_null: bool,
    /// Normalised: casts and outer parentheses gone.
    default: Option<String>,
    identity: bool,
    generated: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    from: Vec<String>,
    table: String,
    to: Vec<String>,
    on_update: String,
    on_delete: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    columns: Vec<String>,
    unique: bool,
    /// Normalised predicate of a partial index.
    partial: Option<String>,
}

#[derive(Debug, Default)]
struct Table {
    columns: Vec<Column>,
    primary_key: Vec<String>,
    foreign_keys: BTreeSet<ForeignKey>,
    /// Column lists of UNIQUE constraints (SQLite's autoindexes).
    unique: BTreeSet<Vec<String>>,
    /// CREATE INDEX, by name.
    indexes: BTreeMap<String, Index>,
    /// The column a CHECK constrains (or `(table)` for a table-level one) → its expression, as
    /// that engine keeps it.
    checks: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
    /// `table.trigger`
    triggers: BTreeSet<String>,
    views: BTreeSet<String>,
}

/// PostgreSQL's table for SQLite's `PRAGMA user_version`; on one side only by design.
const VERSION_TABLE: &str = "schema_version";

/// Triggers with a test of their own below that does on both engines what the trigger reacts to.
/// There are none in migrations 0001–0008; a migration that adds one adds its name here and its
/// test, or [`every_trigger_is_exercised`] fails.
const EXERCISED_TRIGGERS: &[&str] = &[];

fn sqlite_ledger() -> (tempfile::TempDir, rusqlite::Connection) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut conn =
        rackledger::db::Connection::from(rusqlite::Connection::open(dir.path().join("twin.db")).expect("open"));
    migrations::migrate(&mut conn).expect("SQLite migrations");
    let raw = rusqlite::Connection::open(dir.path().join("twin.db")).expect("reopen");
    (dir, raw)
}

fn sqlite_type(declared: &str) -> String {
    match declared.to_ascii_uppercase().as_str() {
        "INTEGER" => "bigint".into(),
        "REAL" => "double precision".into(),
        "TEXT" => "text".into(),
        other => format!("(SQLite type {other} has no mapping)"),
    }
}

/// `'full'::text` → `'full'`, `(-1)` → `-1`.
fn normalise_default(d: &str) -> String {
    let mut s = d.trim().to_string();
    for cast in ["::text", "::bigint", "::integer", "::double precision", "::numeric", "::character varying"] {
        s = s.replace(cast, "");
    }
    while s.starts_with('(') && s.ends_with(')') {
        s = s[1..s.len() - 1].trim().to_string();
    }
    s
}

/// A predicate or expression with casts, parentheses, whitespace and case gone.
fn normalise_expr(e: &str) -> String {
    let mut s = e.to_lowercase();
    for cast in ["::text", "::bigint", "::integer", "::double precision", "::numeric"] {
        s = s.replace(cast, "");
    }
    s.chars().filter(|c| !c.is_whitespace() && *c != '(' && *c != ')').collect()
}

/// The comma-separated elements of a CREATE TABLE's body, at the top level (column definitions
/// and table constraints), with comments removed and string literals kept whole.
fn table_elements(sql: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut depth = 0usize;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                if depth >= 1 {
                    cur.push(c);
                }
                while let Some(q) = chars.next() {
                    if depth >= 1 {
                        cur.push(q);
                    }
                    if q == '\'' {
                        if chars.peek() == Some(&'\'') {
                            let esc = chars.next().unwrap_or('\'');
                            if depth >= 1 {
                                cur.push(esc);
                            }
                        } else {
                            break;
                        }
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for n in chars.by_ref() {
                    if n == '\n' {
                        break;
                    }
                }
                cur.push(' ');
            }
            '(' => {
                depth += 1;
                if depth > 1 {
                    cur.push(c);
                }
            }
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push(std::mem::take(&mut cur).trim().to_string());
                    break;
                }
                cur.push(c);
            }
            ',' if depth == 1 => out.push(std::mem::take(&mut cur).trim().to_string()),
            _ if depth >= 1 => cur.push(c),
            _ => {}
        }
    }
    out.into_iter().filter(|e| !e.is_empty()).collect()
}

/// Every `CHECK (…)` in one element: the expressions inside the parentheses.
fn checks_in(element: &str) -> Vec<String> {
    let mut found = Vec::new();
    let upper = element.to_ascii_uppercase();
    let bytes = element.as_bytes();
    let mut from = 0;
    while let Some(at) = upper[from..].find("CHECK") {
        let mut i = from + at + "CHECK".len();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < bytes.len() && bytes[i] == b'(' {
            let start = i + 1;
            let mut depth = 1;
            let mut in_str = false;
            i += 1;
            while i < bytes.len() && depth > 0 {
                match bytes[i] {
                    b'\'' => in_str = !in_str,
                    b'(' if !in_str => depth += 1,
                    b')' if !in_str => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            found.push(element[start..i - 1].trim().to_string());
        }
        from = i.max(from + at + 1);
    }
    found
}

fn sqlite_schema(conn: &rusqlite::Connection) -> Schema {
    let mut schema = Schema::default();
    let objects: Vec<(String, String, String, Option<String>)> = conn
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("prepare")
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("sqlite_master")
        .collect::<rusqlite::Result<_>>()
        .expect("rows");
    let index_sql: BTreeMap<String, String> =
        objects.iter().filter(|o| o.0 == "index").filter_map(|o| Some((o.1.clone(), o.3.clone()?))).collect();
    for (kind, name, tbl, sql) in &objects {
        match kind.as_str() {
            "trigger" => {
                schema.triggers.insert(format!("{tbl}.{name}"));
            }
            "view" => {
                schema.views.insert(name.clone());
            }
            "table" => {
                let sql = sql.clone().unwrap_or_default();
                schema.tables.insert(name.clone(), sqlite_table(conn, name, &sql, &index_sql));
            }
            _ => {}
        }
    }
    schema
}

fn sqlite_table(conn: &rusqlite::Connection, name: &str, sql: &str, index_sql: &BTreeMap<String, String>) -> Table {
    let mut t = Table::default();
    // Foreign keys, grouped by constraint id, columns in order.
    let mut fks: BTreeMap<i64, ForeignKey> = BTreeMap::new();
    let mut stmt = conn.prepare(&format!("PRAGMA foreign_key_list(\"{name}\")")).expect("fk list");
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })
        .expect("fk rows");
    for row in rows {
        let (id, table, from, to, on_update, on_delete) = row.expect("fk row");
        let fk = fks.entry(id).or_insert_with(|| ForeignKey { from: vec![], table, to: vec![], on_update, on_delete });
        fk.from.push(from);
        fk.to.push(to.unwrap_or_else(|| "(primary key)".into()));
    }
    let fk_columns: BTreeSet<String> = fks.values().flat_map(|f| f.from.clone()).collect();
    t.foreign_keys = fks.into_values().collect();

    // Column definitions as written, for collations and CHECKs.
    let elements = table_elements(sql);
    let definition = |col: &str| -> String {
        elements
            .iter()
            .find(|e| e.split_whitespace().next().map(|w| w.trim_matches('"')) == Some(col))
            .cloned()
            .unwrap_or_default()
    };
    let mut pk: Vec<(i64, String)> = Vec::new();
    let mut stmt = conn.prepare(&format!("PRAGMA table_xinfo(\"{name}\")")).expect("table_xinfo");
    let cols: Vec<(String, String, bool, Option<String>, i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?)))
        .expect("columns")
        .collect::<rusqlite::Result<_>>()
        .expect("column rows");
    for (col, _, _, _, pk_pos, _) in &cols {
        if *pk_pos > 0 {
            pk.push((*pk_pos, col.clone()));
        }
    }
    pk.sort();
    t.primary_key = pk.into_iter().map(|(_, c)| c).collect();
    for (col, declared, not_null, default, pk_pos, hidden) in cols {
        let ty = sqlite_type(&declared);
        let def = definition(&col).to_ascii_uppercase();
        let collation = (ty == "text").then(|| match def.split_once("COLLATE ") {
            Some((_, rest)) => match rest.split_whitespace().next().unwrap_or("") {
                "BINARY" => "C".to_string(),
                other => other.to_string(),
            },
            None => "C".to_string(), // BINARY, SQLite's default
        });
        // A rowid alias: SQLite numbers it unless told; PostgreSQL's identity does the same.
        let identity =
            t.primary_key == [col.clone()] && declared.eq_ignore_ascii_case("INTEGER") && !fk_columns.contains(&col);
        let mut default = default.as_deref().map(normalise_default);
        // A record's uid (0011): TEXT with the UUID expression as its default here, PostgreSQL's
        // own uuid type (no collation) with gen_random_uuid() there.
        let uuid_default = normalise_default(&format!("({})", rackledger::db::uids::SQLITE_DEFAULT));
        let (ty, collation) = if ty == "text" && default.as_deref() == Some(&uuid_default) {
            default = Some("gen_random_uuid()".into());
            ("uuid".to_string(), None)
        } else {
            (ty, collation)
        };
        t.columns.push(Column {
            name: col.clone(),
            ty,
            collation,
            // SQLite lets a non-integer PRIMARY KEY hold NULL (a legacy quirk no code relies
            // on); PostgreSQL never does. Counted as NOT NULL, the meaning the schema intends.
            not_null: not_null || pk_pos > 0,
            default,
            identity,
            generated: hidden == 2 || hidden == 3,
        });
    }
    for el in &elements {
        let first = el.split_whitespace().next().unwrap_or("").to_ascii_uppercase();
        let owner = if ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"].contains(&first.as_str()) {
            "(table)".to_string()
        } else {
            el.split_whitespace().next().unwrap_or("").trim_matches('"').to_string()
        };
        for (n, expr) in checks_in(el).into_iter().enumerate() {
            let key = if n == 0 { owner.clone() } else { format!("{owner}#{n}") };
            t.checks.insert(key, expr);
        }
    }

    let mut stmt = conn.prepare(&format!("PRAGMA index_list(\"{name}\")")).expect("index_list");
    let indexes: Vec<(String, bool, String)> = stmt
        .query_map([], |r| Ok((r.get(1)?, r.get(2)?, r.get(3)?)))
        .expect("indexes")
        .collect::<rusqlite::Result<_>>()
        .expect("index rows");
    for (iname, unique, origin) in indexes {
        // Key columns in order, a descending one written `at DESC` (as pg_table writes it).
        let mut stmt = conn.prepare(&format!("PRAGMA index_xinfo(\"{iname}\")")).expect("index_xinfo");
        let columns: Vec<String> = stmt
            .query_map([], |r| {
                let name = r.get::<_, Option<String>>(2)?.unwrap_or_else(|| "(expression)".into());
                let (desc, key): (bool, bool) = (r.get(3)?, r.get(5)?);
                Ok(key.then(|| if desc { format!("{name} DESC") } else { name }))
            })
            .expect("index columns")
            .collect::<rusqlite::Result<Vec<_>>>()
            .expect("index column rows")
            .into_iter()
            .flatten()
            .collect();
        match origin.as_str() {
            "pk" => {}
            "u" => {
                t.unique.insert(columns);
            }
            _ => {
                let partial = index_sql.get(&iname).and_then(|s| {
                    let upper = s.to_ascii_uppercase();
                    upper.rfind(" WHERE ").map(|at| normalise_expr(&s[at + " WHERE ".len()..]))
                });
                t.indexes.insert(iname, Index { columns, unique, partial });
            }
        }
    }
    t
}

/// Column names of attnums `keys` of relation `rel`, in the order given (SQL fragment).
const COLS: &str = "array(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY k(n, i) \
                    JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n ORDER BY k.i)";

fn cols(keys: &str, rel: &str) -> String {
    COLS.replace("{keys}", keys).replace("{rel}", rel)
}

fn pg_action(code: &str) -> String {
    match code {
        "a" => "NO ACTION",
        "r" => "RESTRICT",
        "c" => "CASCADE",
        "n" => "SET NULL",
        "d" => "SET DEFAULT",
        other => other,
    }
    .to_string()
}

fn pg_schema(client: &mut Client) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<String> = client
        .query(
            "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') ORDER BY 1",
            &[],
        )
        .expect("tables")
        .iter()
        .map(|r| r.get(0))
        .collect();
    for name in tables {
        let t = pg_table(client, &name);
        schema.tables.insert(name, t);
    }
    for r in client
        .query(
            "SELECT c.relname::text || '.' || t.tgname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
             JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT t.tgisinternal",
            &[],
        )
        .expect("triggers")
    {
        schema.triggers.insert(r.get(0));
    }
    for r in
        client.query("SELECT viewname::text FROM pg_views WHERE schemaname = current_schema()", &[]).expect("views")
    {
        schema.views.insert(r.get(0));
    }
    schema
}

fn pg_table(client: &mut Client, name: &str) -> Table {
    let mut t = Table::default();
    let rel = "($1::text)::regclass";
    for r in client
        .query(
            &format!(
                "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod), co.collname::text, a.attnotnull,
                        pg_get_expr(d.adbin, d.adrelid), a.attidentity <> '', a.attgenerated <> ''
                 FROM pg_attribute a
                 LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                 LEFT JOIN pg_collation co ON co.oid = a.attcollation
                 WHERE a.attrelid = {rel} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum"
            ),
            &[&name],
        )
        .expect("columns")
    {
        let generated: bool = r.get(6);
        let default: Option<String> = r.get(4);
        t.columns.push(Column {
            name: r.get(0),
            ty: r.get(1),
            collation: r.get(2),
            not_null: r.get(3),
            // A generated column's expression is kept where defaults are; it is no default.
            default: if generated { None } else { default.as_deref().map(normalise_default) },
            identity: r.get(5),
            generated,
        });
    }
    let constraints = client
        .query(
            &format!(
                "SELECT c.contype::text, {from}, c.confrelid::regclass::text, {to}, c.confupdtype::text,
                        c.confdeltype::text, pg_get_expr(c.conbin, c.conrelid)
                 FROM pg_constraint c WHERE c.conrelid = {rel}",
                from = cols("c.conkey", "c.conrelid"),
                to = cols("c.confkey", "c.confrelid"),
            ),
            &[&name],
        )
        .expect("constraints");
    for r in constraints {
        let kind: String = r.get(0);
        let from: Vec<String> = r.get(1);
        match kind.as_str() {
            "p" => t.primary_key = from,
            "u" => {
                t.unique.insert(from);
            }
            "f" => {
                t.foreign_keys.insert(ForeignKey {
                    from,
                    table: r.get(2),
                    to: r.get(3),
                    on_update: pg_action(&r.get::<_, String>(4)),
                    on_delete: pg_action(&r.get::<_, String>(5)),
                });
            }
            "c" => {
                let owner = match from.as_slice() {
                    [one] => one.clone(),
                    _ => "(table)".to_string(),
                };
                let key = if t.checks.contains_key(&owner) { format!("{owner}#{}", t.checks.len()) } else { owner };
                t.checks.insert(key, r.get(6));
            }
            other => panic!("{name}: a constraint of kind {other} that SQLite has no counterpart for"),
        }
    }
    for r in client
        .query(
            &format!(
                "SELECT i.relname::text, x.indisprimary, x.indisunique,
                        array(SELECT pg_get_indexdef(x.indexrelid, k.i, true)
                                     || CASE WHEN x.indoption[k.i - 1] & 1 = 1 THEN ' DESC' ELSE '' END
                              FROM generate_series(1, x.indnkeyatts::int) AS k(i) ORDER BY k.i),
                        pg_get_expr(x.indpred, x.indrelid),
                        EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = {rel}"
            ),
            &[&name],
        )
        .expect("indexes")
    {
        let (primary, unique, from_constraint): (bool, bool, bool) = (r.get(1), r.get(2), r.get(5));
        if primary || from_constraint {
            continue; // compared as the primary key and the UNIQUE constraints
        }
        let predicate: Option<String> = r.get(4);
        t.indexes.insert(
            r.get(0),
            Index {
                columns: r.get::<_, Vec<String>>(3).into_iter().map(|c| c.trim_matches('"').to_string()).collect(),
                unique,
                partial: predicate.as_deref().map(normalise_expr),
            },
        );
    }
    t
}

/// Every difference between the two schemas, named.
fn differences(sqlite: &Schema, pg: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let sq_tables: BTreeSet<&String> = sqlite.tables.keys().collect();
    let pg_tables: BTreeSet<&String> = pg.tables.keys().filter(|t| *t != VERSION_TABLE).collect();
    for t in sq_tables.difference(&pg_tables) {
        out.push(format!("table {t}: on SQLite only"));
    }
    for t in pg_tables.difference(&sq_tables) {
        out.push(format!("table {t}: on PostgreSQL only"));
    }
    for name in sq_tables.intersection(&pg_tables) {
        let (s, p) = (&sqlite.tables[*name], &pg.tables[*name]);
        let names = |t: &Table| t.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        if names(s) != names(p) {
            out.push(format!("{name}: columns on SQLite {:?}, on PostgreSQL {:?}", names(s), names(p)));
        }
        for sc in &s.columns {
            let Some(pc) = p.columns.iter().find(|c| c.name == sc.name) else { continue };
            let col = format!("{name}.{}", sc.name);
            let mut differ = |what: &str, a: String, b: String| {
                if a != b {
                    out.push(format!("{col}: {what} {a} on SQLite, {b} on PostgreSQL"));
                }
            };
            differ("type", sc.ty.clone(), pc.ty.clone());
            differ("collation", format!("{:?}", sc.collation), format!("{:?}", pc.collation));
            differ("NOT NULL", sc.not_null.to_string(), pc.not_null.to_string());
            differ("default", format!("{:?}", sc.default), format!("{:?}", pc.default));
            differ("identity (numbered when not given)", sc.identity.to_string(), pc.identity.to_string());
            differ("generated", sc.generated.to_string(), pc.generated.to_string());
        }
        if s.primary_key != p.primary_key {
            out.push(format!("{name}: primary key {:?} on SQLite, {:?} on PostgreSQL", s.primary_key, p.primary_key));
        }
        for fk in s.foreign_keys.difference(&p.foreign_keys) {
            out.push(format!("{name}: foreign key {fk:?} on SQLite only"));
        }
        for fk in p.foreign_keys.difference(&s.foreign_keys) {
            out.push(format!("{name}: foreign key {fk:?} on PostgreSQL only"));
        }
        for u in s.unique.difference(&p.unique) {
            out.push(format!("{name}: UNIQUE {u:?} on SQLite only"));
        }
        for u in p.unique.difference(&s.unique) {
            out.push(format!("{name}: UNIQUE {u:?} on PostgreSQL only"));
        }
        for (iname, si) in &s.indexes {
            match p.indexes.get(iname) {
                None => out.push(format!("{name}: index {iname} on SQLite only")),
                Some(pi) if pi != si => {
                    out.push(format!("{name}: index {iname} is {si:?} on SQLite, {pi:?} on PostgreSQL"))
                }
                Some(_) => {}
            }
        }
        for iname in p.indexes.keys().filter(|i| !s.indexes.contains_key(*i)) {
            out.push(format!("{name}: index {iname} on PostgreSQL only"));
        }
        let (sk, pk): (BTreeSet<_>, BTreeSet<_>) = (s.checks.keys().collect(), p.checks.keys().collect());
        for c in sk.difference(&pk) {
            out.push(format!("{name}: CHECK on {c} on SQLite only ({})", s.checks[*c]));
        }
        for c in pk.difference(&sk) {
            out.push(format!("{name}: CHECK on {c} on PostgreSQL only ({})", p.checks[*c]));
        }
    }
    for t in sqlite.triggers.symmetric_difference(&pg.triggers) {
        let side = if sqlite.triggers.contains(t) { "SQLite" } else { "PostgreSQL" };
        out.push(format!("trigger {t}: on {side} only"));
    }
    for v in sqlite.views.symmetric_difference(&pg.views) {
        let side = if sqlite.views.contains(v) { "SQLite" } else { "PostgreSQL" };
        out.push(format!("view {v}: on {side} only"));
    }
    out
}

fn both_schemas() -> (tempfile::TempDir, rusqlite::Connection, pg::PgDb, Schema, Schema) {
    let (dir, conn) = sqlite_ledger();
    let db = pg::fresh_db();
    let sq = sqlite_schema(&conn);
    let ps = pg_schema(&mut db.client());
    (dir, conn, db, sq, ps)
}

#[test]
fn postgresql_schema_matches_sqlite() {
    let (_dir, _conn, _db, sq, ps) = both_schemas();
    // The reader must have seen something, or an empty comparison would pass.
    assert!(sq.tables.len() >= 29, "SQLite tables read: {:?}", sq.tables.keys());
    let columns: usize = sq.tables.values().map(|t| t.columns.len()).sum();
    let fks: usize = sq.tables.values().map(|t| t.foreign_keys.len()).sum();
    let indexes: usize = sq.tables.values().map(|t| t.indexes.len()).sum();
    let checks: usize = sq.tables.values().map(|t| t.checks.len()).sum();
    assert!(columns > 300 && fks > 30 && indexes > 30 && checks > 20, "{columns} {fks} {indexes} {checks}");
    let diff = differences(&sq, &ps);
    assert!(diff.is_empty(), "the PostgreSQL schema differs from SQLite's:\n  {}", diff.join("\n  "));
}

#[test]
fn the_comparison_names_a_difference() {
    // The comparison itself: a column whose nullability, default, type, collation or order
    // differs, a missing index, a changed foreign-key action and an extra CHECK are all named.
    let (_dir, _conn, db, sq, _) = both_schemas();
    let mut c = db.client();
    c.batch_execute(
        "ALTER TABLE rooms ALTER COLUMN location SET NOT NULL;
         ALTER TABLE assets ALTER COLUMN depth SET DEFAULT 'half';
         ALTER TABLE assets ALTER COLUMN note TYPE TEXT COLLATE \"default\";
         ALTER TABLE cabinets ALTER COLUMN u_height TYPE INTEGER;
         DROP INDEX assets_owner;
         ALTER TABLE positions DROP CONSTRAINT positions_asset_id_fkey;
         ALTER TABLE positions ADD FOREIGN KEY (asset_id) REFERENCES assets(id);
         ALTER TABLE settings ADD CHECK (value <> '');
         ALTER TABLE cables DROP CONSTRAINT cables_cable_no_key;
         CREATE UNIQUE INDEX cables_no ON cables(cable_no);
         ALTER TABLE env_limits ADD COLUMN extra BIGINT;
         DROP INDEX patrols_at;
         CREATE INDEX patrols_at ON patrols(at DESC, id);",
    )
    .expect("alter");
    let diff = differences(&sq, &pg_schema(&mut c)).join("\n");
    for expected in [
        "rooms.location: NOT NULL false on SQLite, true on PostgreSQL",
        "assets.depth: default Some(\"'full'\") on SQLite, Some(\"'half'\") on PostgreSQL",
        "assets.note: collation Some(\"C\") on SQLite, Some(\"default\") on PostgreSQL",
        "cabinets.u_height: type bigint on SQLite, integer on PostgreSQL",
        "assets: index assets_owner on SQLite only",
        "positions: foreign key ForeignKey { from: [\"asset_id\"], table: \"assets\", to: [\"id\"], on_update: \"NO ACTION\", on_delete: \"CASCADE\" } on SQLite only",
        "settings: CHECK on value on PostgreSQL only",
        "cables: UNIQUE [\"cable_no\"] on SQLite only",
        "cables: index cables_no on PostgreSQL only",
        "env_limits: columns on SQLite",
        "patrols: index patrols_at is Index { columns: [\"at\", \"id\"], unique: false, partial: None } on SQLite, \
         Index { columns: [\"at DESC\", \"id\"], unique: false, partial: None } on PostgreSQL",
    ] {
        assert!(diff.contains(expected), "not named: {expected}\nnamed:\n{diff}");
    }
}

// ---------------------------------------------------------------------------------------------
// CHECKs, evaluated on both engines

#[derive(Debug, Clone)]
enum Probe {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

fn numbers_in(expr: &str) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    let mut in_str = false;
    let mut cur = String::new();
    for c in expr.chars().chain([' ']) {
        if c == '\'' {
            in_str = !in_str;
        }
        if !in_str && c.is_ascii_digit() {
            cur.push(c);
        } else if !cur.is_empty() {
            out.insert(cur.parse().unwrap_or(0));
            cur.clear();
        }
    }
    out
}

fn strings_in(expr: &str) -> BTreeSet<String> {
    expr.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

/// Values around every number and every string the SQLite expression names.
fn probes(ty: &str, sqlite_expr: &str) -> Vec<Probe> {
    let mut out = vec![Probe::Null];
    match ty {
        "bigint" => {
            let mut ns: BTreeSet<i64> = [-1, 0, 1].into();
            for n in numbers_in(sqlite_expr) {
                ns.extend([n - 1, n, n + 1]);
            }
            out.extend(ns.into_iter().map(Probe::Int));
        }
        "double precision" => {
            let mut ns: Vec<f64> = vec![-0.5, 0.0, 0.5];
            for n in numbers_in(sqlite_expr) {
                ns.extend([n as f64 - 0.5, n as f64, n as f64 + 0.5]);
            }
            out.extend(ns.into_iter().map(Probe::Real));
        }
        _ => {
            let mut ss: BTreeSet<String> = ["".to_string(), "x".to_string()].into();
            for s in strings_in(sqlite_expr) {
                ss.insert(s.to_uppercase());
                ss.insert(format!("{s} "));
                ss.insert(s);
            }
            out.extend(ss.into_iter().map(Probe::Text));
        }
    }
    out
}

#[test]
fn checks_accept_and_refuse_the_same_values() {
    let (_dir, conn, db, sq, ps) = both_schemas();
    let mut client = db.client();
    let mut diff = Vec::new();
    let mut evaluated = 0;
    for (table, st) in &sq.tables {
        let Some(pt) = ps.tables.get(table) else { continue };
        for (col, sexpr) in &st.checks {
            let Some(pexpr) = pt.checks.get(col) else { continue }; // named by the schema test
            let ty = st.columns.iter().find(|c| &c.name == col).map(|c| c.ty.clone()).unwrap_or_default();
            for probe in probes(&ty, sexpr) {
                let sql_sqlite = format!("SELECT ({sexpr}) IS NOT FALSE FROM (SELECT ?1 AS \"{col}\")");
                let value: rusqlite::types::Value = match &probe {
                    Probe::Null => rusqlite::types::Value::Null,
                    Probe::Int(n) => rusqlite::types::Value::Integer(*n),
                    Probe::Real(x) => rusqlite::types::Value::Real(*x),
                    Probe::Text(s) => rusqlite::types::Value::Text(s.clone()),
                };
                let on_sqlite: bool = conn
                    .query_row(&sql_sqlite, [value], |r| r.get(0))
                    .unwrap_or_else(|e| panic!("{table}.{col}: {sql_sqlite}: {e}"));
                let sql_pg = format!("SELECT ({pexpr}) IS NOT FALSE FROM (SELECT $1::{ty} AS \"{col}\") AS probe");
                let (i, x, s): (Option<i64>, Option<f64>, Option<String>) = match &probe {
                    Probe::Int(n) => (Some(*n), None, None),
                    Probe::Real(v) => (None, Some(*v), None),
                    Probe::Text(v) => (None, None, Some(v.clone())),
                    Probe::Null => (None, None, None),
                };
                let param: &(dyn ToSql + Sync) = match ty.as_str() {
                    "bigint" => &i,
                    "double precision" => &x,
                    _ => &s,
                };
                let on_pg: bool = client
                    .query_one(&sql_pg, &[param])
                    .map(|r| r.get(0))
                    .unwrap_or_else(|e| panic!("{table}.{col}: {sql_pg}: {e}"));
                evaluated += 1;
                if on_sqlite != on_pg {
                    let verdict = |ok: bool| if ok { "accepted" } else { "refused" };
                    diff.push(format!(
                        "{table}.{col} = {probe:?}: {} on SQLite (CHECK {sexpr}), {} on PostgreSQL (CHECK {pexpr})",
                        verdict(on_sqlite),
                        verdict(on_pg)
                    ));
                }
            }
        }
    }
    assert!(evaluated > 150, "only {evaluated} probes evaluated");
    assert!(diff.is_empty(), "CHECKs that differ:\n  {}", diff.join("\n  "));
}

// ---------------------------------------------------------------------------------------------
// Data: seeded rows, generated columns, collation

#[derive(Debug, Clone, PartialEq)]
enum Val {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

fn sqlite_rows(conn: &rusqlite::Connection, sql: &str) -> Vec<Vec<Val>> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let n = stmt.column_count();
    stmt.query_map([], |r| {
        (0..n)
            .map(|i| {
                Ok(match r.get_ref(i)? {
                    rusqlite::types::ValueRef::Null => Val::Null,
                    rusqlite::types::ValueRef::Integer(v) => Val::Int(v),
                    rusqlite::types::ValueRef::Real(v) => Val::Real(v),
                    rusqlite::types::ValueRef::Text(t) => Val::Text(String::from_utf8_lossy(t).into_owned()),
                    rusqlite::types::ValueRef::Blob(_) => Val::Text("(blob)".into()),
                })
            })
            .collect()
    })
    .expect("query")
    .collect::<rusqlite::Result<_>>()
    .expect("rows")
}

fn pg_rows(client: &mut Client, sql: &str) -> Vec<Vec<Val>> {
    client
        .query(sql, &[])
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|r| {
            r.columns()
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let v = match *c.type_() {
                        Type::INT8 => r.get::<_, Option<i64>>(i).map(Val::Int),
                        Type::FLOAT8 => r.get::<_, Option<f64>>(i).map(Val::Real),
                        Type::TEXT => r.get::<_, Option<String>>(i).map(Val::Text),
                        ref other => {
                            panic!("{sql}: column {} is {other}, which a reader of both engines cannot read", c.name())
                        }
                    };
                    v.unwrap_or(Val::Null)
                })
                .collect()
        })
        .collect()
}

#[test]
fn migrations_seed_the_same_rows() {
    let (_dir, conn, db, sq, _) = both_schemas();
    let mut client = db.client();
    let mut seeded = 0;
    for (table, t) in &sq.tables {
        // Every column but a record's uid, which is random by design: checked below.
        let cols: Vec<String> =
            t.columns.iter().filter(|c| c.name != "uid").map(|c| format!("\"{}\"", c.name)).collect();
        let order: Vec<String> = (1..=cols.len()).map(|i| i.to_string()).collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY {}", cols.join(", "), order.join(", "));
        let (s, p) = (sqlite_rows(&conn, &sql), pg_rows(&mut client, &sql));
        assert_eq!(s, p, "{table}: the rows the migrations leave differ");
        seeded += s.len();
        if t.columns.iter().any(|c| c.name == "uid") {
            // A uid of its own for every seeded row, a version-4 UUID in the same text form.
            let sql = format!("SELECT CAST(uid AS TEXT) FROM {table}");
            let (s, p) = (sqlite_rows(&conn, &sql), pg_rows(&mut client, &sql));
            for (side, rows) in [("SQLite", &s), ("PostgreSQL", &p)] {
                let uids: BTreeSet<String> = rows
                    .iter()
                    .map(|r| match &r[0] {
                        Val::Text(u) => u.clone(),
                        other => panic!("{table}.uid on {side}: {other:?}"),
                    })
                    .collect();
                assert_eq!(uids.len(), rows.len(), "{table}: every uid differs on {side}");
                assert!(
                    uids.iter().all(
                        |u| uuid::Uuid::parse_str(u).is_ok_and(|x| x.get_version_num() == 4 && x.to_string() == *u)
                    ),
                    "{table} on {side}: {uids:?}"
                );
            }
        }
    }
    assert!(seeded >= 30, "the port templates are seeded ({seeded} rows)");
}

#[test]
fn search_text_is_computed_the_same() {
    // The one column the database computes (SQLite has no triggers here): lower() folds ASCII
    // only on both, a NULL mgmt_ip counts as empty, and an update recomputes it.
    let (_dir, conn, db, _, _) = both_schemas();
    let mut client = db.client();
    let insert = "INSERT INTO assets (asset_tag, name, category, serial, model, owner, ownership, u_height, status, \
                  updated_at, updated_by, mgmt_ip) VALUES \
                  ('ZC-ÄÖ-01', 'Web01 主机 Ü', 'server', 'SN-AbC-Ø', 'FusionServer 2288H Ñ', '政务云 ÉTAT', 'own', 1, 'in_stock', \
                   '2026-01-01 00:00:00', 'x', NULL), \
                  ('ZC-2', 'ＡＢＣ full-width', 'server', '', 'Ω', 'Ő', 'own', 1, 'in_stock', \
                   '2026-01-01 00:00:00', 'x', 'HOST-Å.example')";
    conn.execute_batch(insert).expect("sqlite insert");
    client.batch_execute(insert).expect("pg insert");
    let select = "SELECT asset_tag, search_text FROM assets ORDER BY asset_tag";
    let before = sqlite_rows(&conn, select);
    assert_eq!(before, pg_rows(&mut client, select));
    assert!(
        matches!(&before[1][1], Val::Text(t) if t == "zc-ÄÖ-01\u{1f}web01 主机 Ü\u{1f}sn-abc-Ø\u{1f}fusionserver 2288h Ñ\u{1f}政务云 État\u{1f}"),
        "{before:?}"
    );
    let update = "UPDATE assets SET mgmt_ip = 'É.10.9.9.9', name = 'DB02 Ж' WHERE asset_tag = 'ZC-2'";
    conn.execute_batch(update).expect("sqlite update");
    client.batch_execute(update).expect("pg update");
    let after = sqlite_rows(&conn, select);
    assert_ne!(after, before);
    assert_eq!(after, pg_rows(&mut client, select));
}

#[test]
fn text_sorts_and_folds_as_on_sqlite_whatever_the_database_locale() {
    // A server's default collation is rarely C: here an ICU en-US one, which sorts `a-2` before
    // `A1` and lower-cases `Ä`. The columns' own COLLATE "C" keeps SQLite's byte order.
    let db =
        pg::create_db("TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'");
    let mut client = db.client();
    pg_migrate(&mut client).expect("migrate");
    let (_dir, conn) = sqlite_ledger();
    let rows = "INSERT INTO rooms (name) VALUES ('一号机房');
                INSERT INTO cabinets (code, room_id) VALUES ('a-2', 1), ('A1', 1), ('a1', 1), ('Ä1', 1), ('b', 1), ('a2', 1), ('_x', 1)";
    conn.execute_batch(rows).expect("sqlite rows");
    client.batch_execute(rows).expect("pg rows");
    for sql in [
        "SELECT code FROM cabinets ORDER BY code",
        "SELECT code FROM cabinets WHERE code > 'a' ORDER BY code DESC",
        "SELECT lower(code), upper(code) FROM cabinets ORDER BY lower(code), code",
        "SELECT min(code), max(code) FROM cabinets",
    ] {
        assert_eq!(sqlite_rows(&conn, sql), pg_rows(&mut client, sql), "{sql}");
    }
    let default_order = pg_rows(&mut client, "SELECT code::text COLLATE \"default\" FROM cabinets ORDER BY 1");
    assert_ne!(
        default_order,
        sqlite_rows(&conn, "SELECT code FROM cabinets ORDER BY code"),
        "this database's own collation should order differently, or the test proves nothing"
    );
}

#[test]
fn every_trigger_is_exercised() {
    let (_dir, _conn, _db, sq, ps) = both_schemas();
    let exercised: BTreeSet<String> = EXERCISED_TRIGGERS.iter().map(|s| s.to_string()).collect();
    assert_eq!(sq.triggers, exercised, "SQLite triggers without a test here that exercises their PostgreSQL twin");
    assert_eq!(ps.triggers, exercised, "PostgreSQL triggers without a test here");
}

#[test]
fn foreign_key_actions_do_the_same() {
    // Deleting an asset: its position, ports and history go (CASCADE), a patch-panel twin's
    // pair_id is cleared (SET NULL), a cable end still pointing at a port refuses (NO ACTION).
    let (_dir, conn, db, _, _) = both_schemas();
    let mut client = db.client();
    let setup = "INSERT INTO rooms (name) VALUES ('R');
                 INSERT INTO cabinets (code, room_id) VALUES ('A01', 1);
                 INSERT INTO assets (asset_tag, name, category, ownership, u_height, status, updated_at, updated_by)
                   VALUES ('P1', 'p1', 'patch_panel', 'own', 1, 'racked', 't', 'u'), ('P2', 'p2', 'patch_panel', 'own', 1, 'racked', 't', 'u');
                 INSERT INTO positions (asset_id, cabinet_id, start_u) VALUES (1, 1, 1), (2, 1, 2);
                 INSERT INTO asset_history (asset_id, at, operator, kind) VALUES (1, 't', 'u', 'created');
                 INSERT INTO ports (asset_id, name, position, kind) VALUES (1, 'F1', 1, 'RJ45'), (2, 'R1', 1, 'RJ45'), (2, 'R2', 2, 'RJ45');
                 UPDATE ports SET pair_id = 1 WHERE id = 2;
                 INSERT INTO cables (cable_no, cable_type) VALUES ('C1', 'cat6');
                 INSERT INTO cable_ends (cable_id, end_no, port_id) VALUES (1, 1, 3);";
    conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk on");
    conn.execute_batch(setup).expect("sqlite setup");
    client.batch_execute(setup).expect("pg setup");
    let state =
        "SELECT (SELECT count(*) FROM positions), (SELECT count(*) FROM ports), (SELECT count(*) FROM asset_history),
                        (SELECT count(*) FROM ports WHERE pair_id IS NOT NULL), (SELECT count(*) FROM assets)";
    for step in ["DELETE FROM assets WHERE id = 1", "DELETE FROM assets WHERE id = 2"] {
        let s = conn.execute_batch(step).is_ok();
        let p = client.batch_execute(step).is_ok();
        assert_eq!(s, p, "{step}: SQLite ok={s}, PostgreSQL ok={p}");
        assert_eq!(sqlite_rows(&conn, state), pg_rows(&mut client, state), "after {step}");
    }
    assert_eq!(
        pg_rows(&mut client, state),
        vec![vec![Val::Int(1), Val::Int(2), Val::Int(0), Val::Int(0), Val::Int(1)]]
    );
}

// ---------------------------------------------------------------------------------------------
// pg_migrate

fn version_of(client: &mut Client) -> i64 {
    pg_current(client).expect("version")
}

fn table_count(client: &mut Client) -> i64 {
    client
        .query_one(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind = 'r'",
            &[],
        )
        .expect("count")
        .get(0)
}

#[test]
fn pg_migrate_applies_every_file_once() {
    let db = pg::empty_db();
    let mut c = db.client();
    assert_eq!(version_of(&mut c), 0);
    let all: Vec<i64> = PG_MIGRATIONS.iter().map(|(v, _)| *v).collect();
    assert_eq!(pg_migrate(&mut c).expect("first"), all);
    assert_eq!(version_of(&mut c), pg_latest());
    assert_eq!(pg_migrate(&mut c).expect("second"), Vec::<i64>::new());
    let rows: i64 = c.query_one("SELECT count(*) FROM schema_version", &[]).expect("rows").get(0);
    assert_eq!(rows, 1);
    assert!(c.batch_execute("INSERT INTO schema_version VALUES (1)").is_err(), "a second version row is refused");
}

#[test]
fn pg_migrate_picks_up_where_the_database_stands() {
    // A database at version 3 (as an older build left it) gets 4 … latest, not 1 … 3 again.
    let db = pg::empty_db();
    let mut c = db.client();
    for (v, sql) in &PG_MIGRATIONS[..3] {
        c.batch_execute(sql).expect("old migration");
        c.execute("UPDATE schema_version SET version = $1", &[v]).expect("version");
    }
    assert_eq!(pg_migrate(&mut c).expect("migrate"), (4..=pg_latest()).collect::<Vec<_>>());
    let (_dir, conn) = sqlite_ledger();
    let diff = differences(&sqlite_schema(&conn), &pg_schema(&mut c));
    assert!(diff.is_empty(), "{diff:?}");
}

#[test]
fn pg_migrate_refuses_a_newer_database_untouched() {
    let db = pg::fresh_db();
    let mut c = db.client();
    c.execute("UPDATE schema_version SET version = $1", &[&(pg_latest() + 1)]).expect("set version");
    let tables = table_count(&mut c);
    let err = pg_migrate(&mut c).expect_err("refused");
    assert!(
        matches!(err, PgMigrateError::TooNew { found, supported } if found == pg_latest() + 1 && supported == pg_latest()),
        "{err:?}"
    );
    assert_eq!(err.code(), "schema_too_new");
    assert!(err.to_string().contains("高于本程序支持的"), "{err}");
    assert_eq!(table_count(&mut c), tables);
    assert_eq!(version_of(&mut c), pg_latest() + 1);
}

#[test]
fn pg_migrate_refuses_a_database_that_is_not_a_ledger() {
    let db = pg::empty_db();
    let mut c = db.client();
    c.batch_execute("CREATE TABLE orders (id BIGINT PRIMARY KEY)").expect("foreign table");
    let err = pg_migrate(&mut c).expect_err("refused");
    assert!(matches!(&err, PgMigrateError::NotALedger { table } if table == "orders"), "{err:?}");
    assert!(err.to_string().contains("不是 RackLedger 台账"), "{err}");
    assert_eq!(table_count(&mut c), 1, "nothing was created beside it");
    assert_eq!(version_of(&mut c), 0);
}

#[test]
fn two_migrators_at_once_apply_each_file_once() {
    let db = pg::empty_db();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(3));
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let (url, barrier) = (db.url.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut c = Client::connect(&url, postgres::NoTls).expect("connect");
                barrier.wait();
                pg_migrate(&mut c).expect("migrate")
            })
        })
        .collect();
    let mut applied: Vec<i64> = runs.into_iter().flat_map(|h| h.join().expect("thread")).collect();
    applied.sort();
    assert_eq!(applied, (1..=pg_latest()).collect::<Vec<_>>(), "each migration applied exactly once");
    assert_eq!(version_of(&mut db.client()), pg_latest());
}

#[test]
fn each_test_database_is_its_own() {
    let (a, b) = (pg::fresh_db(), pg::fresh_db());
    assert_ne!(a.name, b.name);
    let mut ca = a.client();
    assert_eq!(version_of(&mut ca), pg_latest());
    ca.batch_execute("INSERT INTO rooms (name) VALUES ('只在 A')").expect("insert");
    let n: i64 = b.client().query_one("SELECT count(*) FROM rooms", &[]).expect("count").get(0);
    assert_eq!(n, 0);
    let name = a.name.clone();
    drop(ca);
    drop(a);
    let left: i64 =
        pg::admin().query_one("SELECT count(*) FROM pg_database WHERE datname = $1", &[&name]).expect("count").get(0);
    assert_eq!(left, 0, "a dropped handle drops its database");
}

#[test]
fn ids_given_then_numbered_continue_as_on_sqlite() {
    // A copy writes rows with their ids; the next row the database numbers must not collide
    // with them. SQLite takes max(rowid) + 1; PostgreSQL's sequence does once synced.
    let (_dir, conn, db, _, _) = both_schemas();
    let mut client = db.client();
    let copied = "INSERT INTO rooms (id, name) VALUES (3, '三号'), (7, '七号');
                  INSERT INTO cabinets (id, code, room_id) VALUES (40, 'A40', 7)";
    conn.execute_batch(copied).expect("sqlite copy");
    let mut tx = client.transaction().expect("tx");
    tx.batch_execute(copied).expect("pg copy");
    pg_sync_identities(&mut tx).expect("sync");
    tx.commit().expect("commit");
    let numbered = "INSERT INTO rooms (name) VALUES ('新机房');
                    INSERT INTO cabinets (code, room_id) VALUES ('B01', 3);
                    INSERT INTO power_readings (cabinet_id, at, measured_w, operator) VALUES (40, 't', 1, 'u')";
    conn.execute_batch(numbered).expect("sqlite numbered");
    client.batch_execute(numbered).expect("pg numbered");
    let ids =
        "SELECT (SELECT max(id) FROM rooms), (SELECT max(id) FROM cabinets), (SELECT max(id) FROM power_readings)";
    assert_eq!(sqlite_rows(&conn, ids), vec![vec![Val::Int(8), Val::Int(41), Val::Int(1)]]);
    assert_eq!(pg_rows(&mut client, ids), sqlite_rows(&conn, ids));
    // The seeded port templates were numbered by the identity itself: syncing keeps 31 next.
    pg_sync_identities(&mut client).expect("sync again");
    client
        .batch_execute("INSERT INTO port_templates (name, category, layout) VALUES ('新模板', 'server', 'GE1 RJ45 1G')")
        .expect("template");
    let next: i64 = client.query_one("SELECT max(id) FROM port_templates", &[]).expect("max").get(0);
    assert_eq!(next, 31);
}

#[test]
fn the_cluster_script_starts_stops_and_cleans_up_after_the_process_it_watches() {
    let script = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pg-cluster");
    let run = |args: &[&str]| {
        let out = std::process::Command::new(&script).args(args).output().expect("run tests/pg-cluster");
        assert!(out.status.success(), "pg-cluster {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    };
    let base = tempfile::tempdir().expect("temp dir");
    let reachable =
        |url: &str| Client::connect(url, postgres::NoTls).and_then(|mut c| c.simple_query("SELECT 1")).is_ok();

    // start, url, stop
    let dir = base.path().join("one");
    let d = dir.to_str().expect("utf-8 path");
    let url = run(&["start", d]);
    assert!(url.starts_with("postgres://postgres@127.0.0.1:") && url.ends_with("/postgres"), "{url}");
    assert_eq!(run(&["url", d]), url);
    assert!(reachable(&url), "the cluster at {url} answers");
    let locale: String = Client::connect(&url, postgres::NoTls)
        .expect("connect")
        .query_one("SELECT datcollate::text FROM pg_database WHERE datname = 'postgres'", &[])
        .expect("locale")
        .get(0);
    assert_eq!(locale, "C.UTF-8", "a non-C default collation, so COLLATE \"C\" is really tested");
    run(&["stop", d]);
    assert!(!dir.exists(), "stop removes the directory");
    assert!(!reachable(&url), "stop stops the server");

    // --watch: gone once the watched process is
    let mut watched = std::process::Command::new("sleep").arg("1").spawn().expect("sleep");
    let dir = base.path().join("two");
    let d = dir.to_str().expect("utf-8 path");
    let url = run(&["start", d, "--watch", &watched.id().to_string()]);
    assert!(reachable(&url));
    watched.wait().expect("wait");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while (dir.exists() || reachable(&url)) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(!dir.exists() && !reachable(&url), "the watcher stopped the cluster and removed {d}");
}
