// How a failed command looks on this side of IPC. The Rust side sends `{code, message}`,
// with `message` already in the user's language; anything else is wrapped as `internal`.

export class BackendError extends Error {
  readonly code: string;
  /** The form field key (`rated_w`, `serial`, …) the message belongs beside, if any. */
  readonly field: string | null;

  constructor(code: string, message: string, field: string | null = null) {
    super(message);
    this.name = 'BackendError';
    this.code = code;
    this.field = field;
  }
}

/** Turns whatever `invoke` rejected with into a BackendError. */
export function toBackendError(raw: unknown): BackendError {
  if (raw instanceof BackendError) return raw;
  if (typeof raw === 'object' && raw !== null && 'code' in raw && 'message' in raw) {
    const { code, message, field } = raw as { code: unknown; message: unknown; field?: unknown };
    if (typeof code === 'string' && typeof message === 'string') {
      return new BackendError(code, message, typeof field === 'string' ? field : null);
    }
  }
  if (raw instanceof Error) return new BackendError('internal', raw.message);
  if (typeof raw === 'string') return new BackendError('internal', raw);
  return new BackendError('internal', JSON.stringify(raw) ?? String(raw));
}
