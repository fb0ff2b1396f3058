// Where sign-in returns to (functions/contract/return-path.ts): app pages of this origin only.
import { describe, expect, it } from 'vitest';
import { MAX_RETURN_PATH, safeReturnPath } from '../../functions/contract/return-path.js';

describe('safeReturnPath', () => {
  it('keeps pages of the app, with their query', () => {
    expect(safeReturnPath('/app')).toBe('/app');
    expect(safeReturnPath('/app/meetings/01J9Z8')).toBe('/app/meetings/01J9Z8');
    expect(safeReturnPath('/app/meetings/new?x=1')).toBe('/app/meetings/new?x=1');
    expect(safeReturnPath('/app/people#top')).toBe('/app/people');
  });

  it('refuses anything that could leave the site or the app', () => {
    for (const bad of [
      'https://evil.example/app', '//evil.example/app', '/\\evil.example', '\\\\evil.example', 'javascript:alert(1)',
      '/app/../api/meetings', '/api/meetings', '/auth/callback?t=x', '/application', 'app/meetings', '',
      '/app/\tx', '/app\n//evil.example', ' /app', '/%2F/evil.example',
    ]) {
      expect(safeReturnPath(bad), bad).toBeUndefined();
    }
  });

  it('refuses the sign-in page itself, over-long paths and non-strings', () => {
    expect(safeReturnPath('/app/sign-in')).toBeUndefined();
    expect(safeReturnPath('/app/sign-in?return=/app')).toBeUndefined();
    expect(safeReturnPath(`/app/${'x'.repeat(MAX_RETURN_PATH)}`)).toBeUndefined();
    expect(safeReturnPath(42)).toBeUndefined();
    expect(safeReturnPath(null)).toBeUndefined();
  });
});
