/**
 * What counts as visible text, and how names and long text are cleaned. Pure string rules, used by
 * the command schemas (shared/protocol/text.ts), the phone parser and the big-screen masking.
 */

/**
 * Everything a name has no use for and nobody can see: every default-ignorable code point (zero-width
 * space/joiners U+200B–U+200D, U+2060, U+FEFF, the bidi controls, soft hyphen, Hangul fillers, tag
 * characters…) except variation selectors (they pick a glyph of a rare surname character), the blank
 * Braille pattern U+2800 (a known "empty name" trick) and control characters other than NUL (NUL is
 * refused with its own sentence before anything is cleaned).
 */
const NAME_INVISIBLE = /(?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Default_Ignorable_Code_Point}\u2800\u0001-\u0008\u000E-\u001F\u007F-\u009F]/gu;

/**
 * Bidi controls (U+202A–U+202E embeddings/overrides, U+2066–U+2069 isolates, U+200E/U+200F marks,
 * U+061C) go from every text: U+202E turns what follows around, so the leader would read something
 * other than what was typed. So do the zero-width space, word joiner and BOM, and the control
 * characters no screen or printer shows. Long text keeps its line breaks and tabs, U+200C/U+200D
 * (emoji sequences such as a family emoji in an online message) and variation selectors.
 */
const LONG_TEXT_INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B\u2060\uFEFF\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Not one of these is a mark on the screen: whitespace, controls, default-ignorables, the blank Braille pattern. */
const NOT_VISIBLE = /[\s\p{Cc}\p{Default_Ignorable_Code_Point}\u2800]/gu;

/** Does the text show anything at all once whitespace and invisible characters are set aside? */
export function hasVisibleText(value: string): boolean {
  return value.replace(NOT_VISIBLE, '').length > 0;
}

/** True when something other than spaces was sent but nothing in it can be seen (e.g. only U+200B, or a BOM, which JS counts as a space). */
export function isInvisibleOnly(value: string): boolean {
  return value.replace(/[^\S\uFEFF]/g, '').length > 0 && !hasVisibleText(value);
}

/** A name or label: NFC, no invisible or bidi characters, one line (runs of whitespace become one space), trimmed. */
export function cleanName(value: string): string {
  const cleaned = value.normalize('NFC').replace(NAME_INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return hasVisibleText(cleaned) ? cleaned : '';
}

/** Long free text (summaries, notes, replies): NFC, no bidi controls or zero-width spaces, line breaks kept, trimmed; '' when nothing visible is left. */
export function cleanLongText(value: string): string {
  const cleaned = value.normalize('NFC').replace(/\r\n?/g, '\n').replace(LONG_TEXT_INVISIBLE, '').trim();
  return hasVisibleText(cleaned) ? cleaned : '';
}
