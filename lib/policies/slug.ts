import anyAscii from 'any-ascii';
import slugify from 'slugify';

const MAX_SLUG_LENGTH = 80;

// A run of letters, combining marks and digits: the unit that is either transliterated or kept whole.
const wordRun = /[\p{L}\p{M}\p{N}]+/gu;
// Han characters carry one syllable each but no spaces between words; spacing them keeps
// 中文标题 as zhong-wen-biao-ti rather than one unreadable zhongwenbiaoti.
const hanCharacter = /\p{Script=Han}/gu;
// A symbol outside ASCII (an emoji, full-width punctuation) becomes a word of its own: 😀 → grinning.
const nonAsciiSymbol = /[^\p{L}\p{M}\p{N}\p{ASCII}]/gu;
const uppercase = /[\p{Lu}\p{Lt}]/gu;
const slugCharacter = String.raw`(?:(?![\p{Lu}\p{Lt}])[\p{L}\p{M}\p{N}])`;

/**
 * A URL-safe slug: lower-case letters, digits and single hyphens, at most `maxLength` characters,
 * cut between words. Every script is transliterated to ASCII (日本語 → ri-ben-yu, Привет → privet); a
 * word the transliteration cannot spell keeps its own letters rather than vanishing.
 */
export function toSlug(text: string, { maxLength = MAX_SLUG_LENGTH }: { maxLength?: number } = {}): string {
  const spaced = text
    .normalize('NFC')
    .replace(hanCharacter, (character) => ` ${character} `)
    .replace(nonAsciiSymbol, (symbol) => ` ${anyAscii(symbol)} `);
  const parts: string[] = [];
  let asciiStart = 0;
  for (const match of spaced.matchAll(wordRun)) {
    if (/[A-Za-z0-9]/.test(anyAscii(match[0]))) continue;
    parts.push(asciiSlug(spaced.slice(asciiStart, match.index)), match[0].toLowerCase().replace(uppercase, ''));
    asciiStart = match.index + match[0].length;
  }
  parts.push(asciiSlug(spaced.slice(asciiStart)));
  const slug = cutAtWord(parts.filter(Boolean).join('-'), maxLength);
  return slug || 'post';
}

function asciiSlug(text: string): string {
  const transliterated = text.replace(wordRun, (word) => anyAscii(word));
  return slugify(transliterated, { lower: true, strict: true, trim: true });
}

/** The slug cut to `max` characters at the last hyphen, or mid-word only when its first word is longer. */
function cutAtWord(slug: string, max: number): string {
  const characters = Array.from(slug);
  if (characters.length <= max) return slug;
  const head = characters.slice(0, max);
  const lastHyphen = characters[max] === '-' ? max : head.lastIndexOf('-');
  return (lastHyphen > 0 ? head.slice(0, lastHyphen) : head).join('').replace(/-+$/, '');
}

/** The first of slug, slug-2, slug-3… that `isTaken` says is free. */
export async function uniqueSlug(base: string, isTaken: (candidate: string) => Promise<boolean>): Promise<string> {
  const slug = toSlug(base);
  if (!(await isTaken(slug))) return slug;
  for (let n = 2; ; n++) {
    const candidate = `${cutAtWord(slug, MAX_SLUG_LENGTH - String(n).length - 1)}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}

/**
 * A free handle made from a name or an email's local part: "Ada Lovelace" → ada-lovelace,
 * ada-lovelace-2… (at most 30 characters before the number).
 */
export async function freeHandle(from: string, isTaken: (candidate: string) => Promise<boolean>): Promise<string> {
  const base = toSlug(from.split('@')[0] ?? from, { maxLength: 30 });
  if (!(await isTaken(base))) return base;
  for (let n = 2; ; n++) if (!(await isTaken(`${base}-${n}`))) return `${base}-${n}`;
}

/** A label as stored: the name as typed (trimmed) and the slug its listing lives at. */
export function labelFromName(name: string): { name: string; slug: string } {
  return { name: name.trim(), slug: toSlug(name) };
}

export const slugPattern = new RegExp(`^${slugCharacter}+(?:-${slugCharacter}+)*$`, 'u');

/** Whether a URL segment can be a slug or handle at all: checked before any lookup or cache entry. */
export function isSlug(value: string): boolean {
  return value.length <= 100 && slugPattern.test(value);
}

/**
 * The slug in a route segment, or null. Next hands page params over percent-encoded, so a slug
 * with letters outside ASCII arrives as %E3%81%82… and must be decoded before it is looked up.
 */
export function slugFromParam(segment: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment).normalize('NFC');
  } catch {
    return null;
  }
  return isSlug(decoded) ? decoded : null;
}
