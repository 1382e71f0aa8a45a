import { SCRIPT_LANGUAGES } from '../../../contracts/src/domain';
import { DTMF_KEYS } from '../understanding';
import { type LanguageCatalogue, catalogueFor } from '.';
import { english } from './en';
import { spanish } from './es';

const CATALOGUES: [string, LanguageCatalogue][] = [
  ['English', english],
  ['Spanish', spanish],
];

describe('language catalogues', () => {
  it.each(CATALOGUES)('%s: every phrase is there, and says something', (_, catalogue) => {
    const phrases = Object.keys(english) as (keyof LanguageCatalogue)[];
    expect(Object.keys(catalogue).sort()).toEqual([...phrases].sort());
    for (const key of phrases) {
      const value = catalogue[key];
      if (typeof value === 'string') expect(value.trim()).not.toBe('');
    }
    expect(Object.keys(catalogue.keyMeanings).sort()).toEqual(Object.keys(DTMF_KEYS).sort());
    for (const key of Object.keys(DTMF_KEYS)) expect(catalogue.keyMenu).toContain(key);
    expect(catalogue.disclosure('Ana', 'Acme')).toContain('Acme');
    expect(catalogue.voicemail('Acme')).toContain('Acme');
  });

  it('gives every supported script language its own language, by its primary subtag', () => {
    expect(SCRIPT_LANGUAGES.map((tag) => catalogueFor(tag).name)).toEqual(['English', 'English', 'Spanish', 'Spanish', 'Spanish']);
    expect(catalogueFor('fr-FR')).toBe(english);
  });

  it('speaks the menu and the disclosure in Spanish', () => {
    expect(spanish.keyMenu).toBe('Marque 1 si le interesa, 2 para que le llamemos mañana, 3 si no le interesa, o 9 para no recibir más llamadas.');
    expect(spanish.disclosure('Ana', 'Acme')).toBe('Hola Ana, le llama un asistente automático en nombre de Acme.');
    expect(spanish.disclosure(undefined, 'Acme')).toBe('Hola, le llama un asistente automático en nombre de Acme.');
  });

  describe('spoken callback times, in the contact zone and the script locale', () => {
    // Friday 2026-11-27 15:00 in Madrid, 09:00 in New York.
    const friday3pmMadrid = new Date('2026-11-27T14:00:00Z');

    it('Spanish: "el viernes a las 15:00" in Spain, the 12-hour clock in Mexico, "a la una"', () => {
      expect(spanish.spokenTime(friday3pmMadrid, 'Europe/Madrid', 'es-ES')).toBe('el viernes a las 15:00');
      expect(spanish.spokenTime(new Date('2026-11-27T21:00:00Z'), 'America/Mexico_City', 'es-MX')).toBe('el viernes a las 3:00 p.m.');
      expect(spanish.spokenTime(new Date('2026-11-28T00:30:00Z'), 'Europe/Madrid', 'es-ES')).toBe('el sábado a la 1:30');
    });

    it('English: the weekday and the clock of the locale', () => {
      expect(english.spokenTime(friday3pmMadrid, 'America/New_York', 'en-US')).toBe('Friday 9:00 AM');
      expect(english.spokenTime(friday3pmMadrid, 'Europe/London', 'en-GB')).toBe('Friday 14:00');
    });
  });
});
