-- 0010: the ledger's identity (issue 15), as src/db/migrations/0010_ledger_id.sql.
CREATE TABLE ledger_meta (
    key   TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
);
