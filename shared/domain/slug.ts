/**
 * Slugs: lower-case ASCII words joined by single hyphens, at most 96 characters. Titles become slugs by folding
 * accents ("Réal" → "real") and turning every other run of characters into one hyphen.
 */
export const SLUG_MAX_LENGTH = 96;
export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** Letters that Unicode decomposition does not reduce to ASCII. */
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  ħ: 'h',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
};

export function isValidSlug(value: string): boolean {
  return value.length > 0 && value.length <= SLUG_MAX_LENGTH && SLUG_PATTERN.test(value);
}

/** Returns '' when nothing usable is left (an all-emoji title, say); callers pick a fallback. */
export function slugify(text: string, maxLength = SLUG_MAX_LENGTH): string {
  const folded = text
    .toLowerCase()
    .replace(/[ßæœøđðłþıħŋĸſ]/g, (c) => SPECIAL_LETTERS[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’]/g, '');
  const words = folded.split(/[^a-z0-9]+/).filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) {
      // A single over-long first word is cut; otherwise stop at a word boundary.
      if (!slug) slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug;
}

/** Appends "-n" while keeping the slug within the length limit (used when a generated slug is taken). */
export function withSuffix(slug: string, n: number): string {
  const suffix = `-${n}`;
  const base = slug.slice(0, SLUG_MAX_LENGTH - suffix.length).replace(/-+$/, '');
  return `${base}${suffix}`;
}
