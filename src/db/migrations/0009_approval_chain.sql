-- 0009: the approval chain (issue 16). A racking request now goes 草稿 → 待审批 → 已批准 (director)
-- → 已审核 (idc, 机房审核) → 已确认 (its 附件5 confirmed by the director) → 已上架 (hardware) →
-- 已验收; the new states are new codes of racking_requests.state ('reviewed', 'confirmed',
-- 'accepted'). Requests in 'approved', 'reviewed' or 'confirmed' reserve their positions.

-- 机房审核 and 验收 on the 附件2 header. override_reason (0005) now holds the IDC engineer's
-- reason for passing a refused power check at review.
ALTER TABLE racking_requests ADD COLUMN reviewer TEXT;
ALTER TABLE racking_requests ADD COLUMN reviewed_at TEXT;
ALTER TABLE racking_requests ADD COLUMN review_opinion TEXT;
ALTER TABLE racking_requests ADD COLUMN accepted_by TEXT;
ALTER TABLE racking_requests ADD COLUMN accepted_at TEXT;

-- The timeline of a request: one row per step taken, never updated. `action` is the step's
-- code (create, submit, approve, review, confirm, execute, accept, reject, cancel); `role` the
-- role it needed (NULL when none); `verdict` and `check_json` what the check said at that
-- moment (approve, review); `reason` an override, rejection or cancellation reason; `op_no`
-- the operation request (附件5) a confirm step confirmed.
CREATE TABLE request_steps (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES racking_requests(id) ON DELETE CASCADE,
    action     TEXT NOT NULL,
    from_state TEXT,
    to_state   TEXT NOT NULL,
    operator   TEXT NOT NULL,
    role       TEXT,
    at         TEXT NOT NULL,
    verdict    TEXT,
    check_json TEXT,
    reason     TEXT,
    opinion    TEXT,
    op_no      TEXT
);
CREATE INDEX request_steps_request ON request_steps(request_id, id);
