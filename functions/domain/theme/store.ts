// The port of the theme list and the themes of meetings (functions/adapters/theme-store.ts
// implements it on DynamoDB).
import type { Theme } from '../../contract/api-types.js';

export interface ThemeStore {
  /**
   * The network's themes. The first call writes the config's themes (`seed`) once; a theme deleted
   * in the app afterwards stays deleted.
   */
  listThemes(seed: readonly string[], now?: Date): Promise<Theme[]>;
  /** 'exists' when a theme has this id already. */
  createTheme(theme: Theme): Promise<'created' | 'exists'>;
  renameTheme(themeId: string, name: string): Promise<Theme | undefined>;
  /** false when there was no such theme. */
  deleteTheme(themeId: string): Promise<boolean>;
  putMeetingThemes(meetingId: string, themes: readonly string[]): Promise<void>;
  getMeetingThemes(meetingId: string): Promise<string[]>;
  /** Every meeting's themes (one Query), by meeting id. */
  listMeetingThemes(): Promise<Map<string, string[]>>;
}
