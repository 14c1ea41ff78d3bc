import { describe, expect, it } from 'vitest';
import { BackendError, toBackendError } from './errors';

describe('toBackendError', () => {
  it('keeps the code and message the Rust side sent', () => {
    const err = toBackendError({ code: 'conflict', message: 'U21 已被 SRV-0001 占用' });
    expect(err).toBeInstanceOf(BackendError);
    expect(err.code).toBe('conflict');
    expect(err.message).toBe('U21 已被 SRV-0001 占用');
  });

  it('wraps strings and errors as internal', () => {
    expect(toBackendError('boom').code).toBe('internal');
    expect(toBackendError(new Error('x')).message).toBe('x');
    expect(toBackendError({ code: 1 }).code).toBe('internal');
  });

  it('passes a BackendError through unchanged', () => {
    const err = new BackendError('a', 'b');
    expect(toBackendError(err)).toBe(err);
  });
});
