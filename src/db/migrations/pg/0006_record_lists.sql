-- 0006 (PostgreSQL): the record lists come in windows, newest first (repairs by 报修时间, racking requests by
-- 申请日期 then number). With no state chosen they had no index in that order, so every window
-- sorted the whole table; with these SQLite walks the index and stops at the window's end.
-- The twin of ../0006_record_lists.sql, line for line (mapping: src/db/pg_migrations.rs). Never edit it once landed.
CREATE INDEX repairs_reported ON repairs(reported_at);
CREATE INDEX racking_requests_applied ON racking_requests(applied_on, request_no);
