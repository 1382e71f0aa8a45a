/**
 * What the offline recogniser listens for: the phrases by which customers answer a sales call, grouped by
 * the intents the conversation understands (interested, not interested, a callback with a day and time, stop
 * calling, a person, repeat, wrong number, a question), as a JSGF grammar. A small grammar is what makes a
 * small acoustic model accurate on phone audio. Its price: speech far outside it is heard as the nearest
 * phrase, not as nothing (measured in bench/README.md); key presses stay the unambiguous answer.
 */
export interface IntentGrammar {
  /** JSGF source. */
  jsgf: string;
  /** Pronunciations (CMU dictionary format, the model's phones) for words the model's dictionary lacks. */
  lexicon: string | null;
}

export type GrammarLanguage = 'en' | 'es';

/** Hesitations the grammar can hear instead of a phrase; they are not words of the answer. */
export const FILLER_WORDS: Readonly<Record<GrammarLanguage, readonly string[]>> = { en: ['um', 'uh', 'hmm', 'oh'], es: ['eh', 'mm'] };

const ENGLISH = `#JSGF V1.0;
grammar turn;
public <turn> = <interested> | <not_interested> | <callback> | <opt_out> | <person> | <repeat> | <wrong_person> | <question> | <filler>+;
<interested> = [yes | yeah | sure | okay] [i am | i'm | we are] [very | really] interested [please]
  | yes [please] | yeah | sure | absolutely | [yes] tell me more | [that] sounds good
  | [yes] send me the (details | information) | sign me up;
<not_interested> = [no] [thanks | thank you] [i am | i'm | we are] not [really] interested [thanks | thank you]
  | no [thanks | thank you] | no [it's] not for me;
<day> = today | tomorrow | [on] [next] (monday | tuesday | wednesday | thursday | friday | saturday | sunday);
<hour> = one | two | three | four | five | six | seven | eight | nine | ten | eleven | twelve;
<when> = <day> | at <hour> [o'clock] | in the (morning | afternoon | evening) | later;
<callback> = [(i am | i'm) busy [right now]] ([please | can you] call [me] back <when>* | call me <when>+ | try again <when>+);
<opt_out> = [please] stop calling [me] | don't call [me] again | do not call [me] [again]
  | (remove | take) me (from | off) your list | put me on the do not call list;
<person> = [can i | i want to | i'd like to] (speak | talk) to a [real] (person | human) | [an] agent | [a] representative;
<repeat> = [sorry] [can you] repeat [that] [please] | what did you say | pardon;
<wrong_person> = [you have the] wrong number | there is no one here by that name;
<question> = who is (this | calling) | what is this about | how much does it cost | is this a scam;
<filler> = ${FILLER_WORDS.en.join(' | ')};
`;

/**
 * Spanish through the US English acoustic model: the grammar's Spanish words are spelled in its phones.
 * Coarser than a Spanish model (no trilled r, five pure vowels approximated) but enough for a closed set.
 */
const SPANISH = `#JSGF V1.0;
grammar turno;
public <turno> = <interesado> | <no_interesado> | <llamar_luego> | <no_llamar> | <persona> | <repetir> | <relleno>+;
<interesado> = [sí] [estoy | estamos] (interesado | interesada) | sí [por favor | claro] | claro | me interesa;
<no_interesado> = no [gracias] [no] [estoy] (interesado | interesada) [gracias] | no gracias | no me interesa;
<dia> = hoy | mañana | el (lunes | martes | miércoles | jueves | viernes | sábado | domingo);
<hora> = a la una | a las (dos | tres | cuatro | cinco | seis | siete | ocho | nueve | diez | once | doce);
<llamar_luego> = (llámeme | llámenme) [más tarde] [<dia>] [<hora>] | llámeme <dia> [<hora>];
<no_llamar> = no me llame más | no me llamen más | (bórreme | quíteme) de su lista;
<persona> = quiero hablar con una persona;
<repetir> = [perdón] (repita | repítalo) [por favor] | cómo dice;
<relleno> = ${FILLER_WORDS.es.join(' | ')};
`;

const SPANISH_LEXICON: Record<string, string> = {
  sí: 'S IY',
  no: 'N OW',
  gracias: 'G R AA S IY AA S',
  estoy: 'EH S T OY',
  estamos: 'EH S T AA M OW S',
  interesado: 'IY N T EH R EH S AA D OW',
  interesada: 'IY N T EH R EH S AA D AA',
  interesa: 'IY N T EH R EH S AA',
  me: 'M EY',
  por: 'P OW R',
  favor: 'F AA B OW R',
  claro: 'K L AA R OW',
  llámeme: 'Y AA M EH M EY',
  llámenme: 'Y AA M EH N M EY',
  más: 'M AA S',
  tarde: 'T AA R D EY',
  hoy: 'OY',
  mañana: 'M AA N Y AA N AA',
  el: 'EH L',
  lunes: 'L UW N EH S',
  martes: 'M AA R T EH S',
  miércoles: 'M Y EH R K OW L EH S',
  jueves: 'HH W EY B EH S',
  viernes: 'B Y EH R N EH S',
  sábado: 'S AA B AA D OW',
  domingo: 'D OW M IY NG G OW',
  a: 'AA',
  la: 'L AA',
  las: 'L AA S',
  una: 'UW N AA',
  dos: 'D OW S',
  tres: 'T R EH S',
  cuatro: 'K W AA T R OW',
  cinco: 'S IY NG K OW',
  seis: 'S EY S',
  siete: 'S Y EH T EY',
  ocho: 'OW CH OW',
  nueve: 'N W EY B EY',
  diez: 'D Y EH S',
  once: 'OW N S EY',
  doce: 'D OW S EY',
  llame: 'Y AA M EY',
  llamen: 'Y AA M EH N',
  bórreme: 'B OW R EH M EY',
  quíteme: 'K IY T EH M EY',
  de: 'D EY',
  su: 'S UW',
  lista: 'L IY S T AA',
  quiero: 'K Y EH R OW',
  hablar: 'AA B L AA R',
  con: 'K OW N',
  persona: 'P EH R S OW N AA',
  perdón: 'P EH R D OW N',
  repita: 'R EH P IY T AA',
  repítalo: 'R EH P IY T AA L OW',
  cómo: 'K OW M OW',
  dice: 'D IY S EY',
  eh: 'EH',
  mm: 'M',
};

export function intentGrammar(language: GrammarLanguage): IntentGrammar {
  if (language === 'en') return { jsgf: ENGLISH, lexicon: null };
  const lexicon = Object.entries(SPANISH_LEXICON)
    .map(([word, phones]) => `${word} ${phones}`)
    .join('\n');
  return { jsgf: SPANISH, lexicon: `${lexicon}\n` };
}

/** Every word a JSGF grammar can hear: its tokens outside rule names, the header and the `public` keyword. */
export function grammarWords(jsgf: string): Set<string> {
  const rules = jsgf
    .split('\n')
    .filter((line) => !/^(#JSGF|grammar )/.test(line))
    .join('\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\bpublic\b/g, ' ');
  return new Set(rules.match(/[\p{L}']+/gu) ?? []);
}

/** The grammar language for a BCP 47 tag; English when we have no grammar for it. */
export function grammarLanguage(tag: string | undefined): GrammarLanguage {
  return tag?.toLowerCase().startsWith('es') ? 'es' : 'en';
}
