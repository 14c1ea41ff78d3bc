-- 0010: the ledger's identity (issue 15). One row, `ledger_id`, a UUID written when the ledger is
-- first opened by this build. A copy (`rackledger copy`), a backup and a restore keep it: it is
-- the same ledger, moved.
CREATE TABLE ledger_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
