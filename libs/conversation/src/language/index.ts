import type { LanguageCatalogue } from './catalogue';
import { english } from './en';
import { spanish } from './es';

export type { CallbackWords, IntentRules, LanguageCatalogue } from './catalogue';

const BY_LANGUAGE: Readonly<Record<string, LanguageCatalogue>> = { en: english, es: spanish };

/** Every language's catalogue: stored transcripts may be in any of them. */
export const LANGUAGE_CATALOGUES: readonly LanguageCatalogue[] = Object.values(BY_LANGUAGE);

/** The catalogue of a BCP 47 tag's language (es-MX speaks Spanish); English for any other. */
export function catalogueFor(language: string): LanguageCatalogue {
  return BY_LANGUAGE[language.split('-')[0]!.toLowerCase()] ?? english;
}
