/**
 * User text as sopbot stores and shows it: no NUL (Postgres refuses it in text), no other control
 * characters but newline and tab, and no terminal escape sequences (a title must never recolour or
 * clear someone's console). Applied to every inbound event before anything reads it.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const ESCAPES = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

export function cleanText(text: string): string {
  return text.replace(ESCAPES, '').replace(CONTROLS, '').replace(/\r\n?/g, '\n');
}

/** Whether `cleanText` would change the text. */
export function hasControlCharacters(text: string): boolean {
  return cleanText(text) !== text;
}
