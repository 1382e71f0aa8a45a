import { type CallbackWords, type LanguageCatalogue, plainSpaces } from './catalogue';

const NUMBERS: Record<string, number> = {
  un: 1, una: 1, uno: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10, once: 11, doce: 12,
  quince: 15, veinte: 20, treinta: 30, cuarenta: 40,
};
const HOUR = '\\d{1,2}|una|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce';
const DAYS = ['domingo', 'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado'];
const number = (word: string) => Number(word) || NUMBERS[word] || 1;

/** "Mañana a las tres", "el lunes por la mañana", "dentro de media hora", "a las 5 y media de la tarde". */
function callbackWords(t: string): CallbackWords {
  const halfHour = /\b(?:en|dentro de) media hora\b/.test(t);
  const relative = /\b(?:en|dentro de) (\d+|una?|dos|tres|cuatro|cinco|seis|diez|quince|veinte|treinta|cuarenta) (minutos?|horas?)\b/.exec(t);
  if (halfHour) return { inMs: 30 * 60_000 };
  if (relative) return { inMs: number(relative[1]!) * (relative[2]!.startsWith('hora') ? 3600_000 : 60_000) };

  const words: CallbackWords = {};
  // "Mañana" is tomorrow, but "la mañana" / "esta mañana" is a morning.
  if (/\bpasado manana\b/.test(t)) words.dayOffset = 2;
  else if (/(?<!\b(?:la|esta) )\bmanana\b/.test(t)) words.dayOffset = 1;
  else if (/\b(hoy|esta (manana|tarde|noche))\b/.test(t)) words.dayOffset = 0;
  else {
    const day = DAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(t));
    if (day >= 0) words.weekday = day;
  }
  const clock = new RegExp(
    `\\b(?:a|sobre|hacia|despues de|antes de|para|como a) las? (${HOUR})(?::(\\d{2}))?(?: (y|menos) (media|cuarto))?(?: en punto)?` +
      `(?: ?(de la manana|de la tarde|de la noche|del mediodia|am|pm|a\\. ?m\\.|p\\. ?m\\.))?`,
  ).exec(t);
  if (clock) {
    words.hour = number(clock[1]!);
    words.minute = clock[2] ? Number(clock[2]) : 0;
    if (clock[3] === 'y') words.minute = clock[4] === 'media' ? 30 : 15;
    else if (clock[3] === 'menos') {
      words.hour = words.hour === 1 ? 12 : words.hour - 1;
      words.minute = 45;
    }
    const meridiem = clock[5];
    if (meridiem) words.meridiem = meridiem === 'de la manana' || meridiem.startsWith('a') ? 'am' : 'pm';
  } else if (/\b(por|de|en) la manana\b|\besta manana\b|\btemprano\b/.test(t)) words.hour = 10;
  else if (/\b(por|en) la tarde\b|\besta tarde\b/.test(t)) words.hour = 16;
  else if (/\b(por|en) la noche\b|\besta noche\b/.test(t)) words.hour = 19;
  return words;
}

export const spanish: LanguageCatalogue = {
  name: 'Spanish',
  keyMenu: 'Marque 1 si le interesa, 2 para que le llamemos mañana, 3 si no le interesa, o 9 para no recibir más llamadas.',
  keyMeanings: { '1': 'le interesa', '2': 'llamar mañana', '3': 'no le interesa', '9': 'no volver a llamar' },
  pressedKey: (key, meaning) => `[marcó ${key}${meaning ? `: ${meaning}` : ''}]`,
  disclosure: (firstName, organizationName) => `Hola${firstName ? ` ${firstName}` : ''}, le llama un asistente automático en nombre de ${organizationName}.`,
  noScriptPitch: 'Le llamamos para saber si le gustaría recibir más información.',
  interestedClosing: 'Estupendo. Una persona de nuestro equipo se pondrá en contacto con usted en breve con los detalles. Gracias, adiós.',
  notInterestedClosing: 'Lo entiendo. Gracias por su tiempo y que tenga un buen día. Adiós.',
  optedOut: 'Entendido. Hemos eliminado su número de nuestra lista y no le volveremos a llamar. Adiós.',
  wrongPerson: 'Disculpe la confusión y gracias por avisarnos. Adiós.',
  callbackConfirmed: (when) => `Por supuesto. Le llamaremos ${when}. Gracias, adiós.`,
  objectionDefault: 'Entiendo su preocupación; a muchos de nuestros clientes les pasó lo mismo al principio.',
  goodQuestion: 'Buena pregunta.',
  notCaught: 'Disculpe, no le he entendido bien.',
  giveUp: 'Lo siento, no consigo entenderle. Lo intentaremos en otro momento. Adiós.',
  lastTurnGoodbye: 'Gracias por su tiempo. Adiós.',
  voicemail: (organizationName) => `Hola, le llama un asistente automático en nombre de ${organizationName}. Volveremos a intentarlo más tarde. Adiós.`,
  recording: {
    declineKeyMeaning: 'no grabar',
    consent: 'Esta llamada se graba por motivos de calidad. Para detener la grabación, marque 7 o diga no grabar.',
    stopped: 'Entendido. Esta llamada ya no se está grabando.',
    declines: [
      /\bno (me )?(grabe|graben|grabes|grabar)\b/,
      /\bsin grabar\b/,
      /\b(pare|paren|detenga|detengan|deje de|dejen de) (de )?(la )?grab/,
      /\bno (quiero|acepto) (que )?(me )?(grabe|graben|la grabacion|ser grabad)/,
    ],
  },
  personKey: (key) => `O marque ${key} para hablar con una persona.`,
  lineDropped: 'Disculpe, se ha cortado la línea un momento.',
  handoffHold: 'Por supuesto. No cuelgue, le paso con una persona de nuestro equipo.',
  noPersonAvailable: 'Lo siento, en esta llamada no puedo pasarle con una persona.',
  agentsBusy: (when) => `Lo siento, ahora mismo todo nuestro equipo está ocupado. Una persona de nuestro equipo le llamará ${when}. Gracias, adiós.`,
  handoffSummary: ({ contactName, phone, organizationName, reason, customerSaid }) =>
    `Llamada de ${organizationName} con ${contactName || 'un cliente'}, ${phone.split('').join(' ')}. ${reason}` +
    (customerSaid.length > 0 ? ` Ha dicho: ${customerSaid.join('. ')}.` : ''),
  handoffReasons: { interested: 'Al cliente le interesa.', person_request: 'El cliente ha pedido hablar con una persona.' },
  spokenTime(at, timeZone, locale) {
    const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long' }).format(at);
    const parts = new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).formatToParts(at);
    const hour = parts.find((p) => p.type === 'hour')?.value;
    // "A la una", "a las tres": the article agrees with the hour.
    return plainSpaces(`el ${weekday} a ${hour === '1' ? 'la' : 'las'} ${parts.map((p) => p.value).join('')}`);
  },
  rules: {
    optOut: [
      /\bno (me )?(vuelva|vuelvan|vuelvas) a llamar/,
      /\bno me (llame|llamen|llames) (mas|nunca|otra vez|de nuevo)\b/,
      /\bnunca (mas )?me (llame|llamen)\b/,
      /\b(deje|dejen|deja) de (llamar|llamarme|llamarnos|molestar|molestarme)\b/,
      /\b(borre|borren|borra|quite|quiten|quita|saque|saquen|saca|elimine|eliminen|elimina)(me|nos)?\b.*\b(lista|mi numero|mis datos)\b/,
      /\bdar(me)? de baja\b|\bdenme de baja\b|\bdeme de baja\b/,
      /\bno quiero que me (llame|llamen|vuelvan a llamar)\b/,
      /\blista de no llamar\b/,
    ],
    wrongPerson: [
      /\b(numero )?equivocad[oa]\b|\bse (ha )?equivoca(do|o) de (numero|persona)\b/,
      /\bno (hay|vive) nadie (aqui )?(con ese nombre|que se llame)/,
      /\b(no vive aqui|aqui no vive)\b/,
      /\bno conozco a (nadie|esa persona|ese senor|esa senora)\b/,
    ],
    personRequest: [
      /\bhablar con (una |un |alguna |algun )?(persona|humano|agente|representante|operador|operadora)\b|\bhablar con alguien\b/,
      /\bpersona (real|de verdad)\b/,
      /\b(paseme|pasame|comuniqueme) con (una persona|un agente|alguien)\b/,
    ],
    callback: [
      /\b(llame|llamen|llameme|llamenme|llamame|llamarme|llamenos|vuelva a llamar|vuelvan a llamar|vuelva a llamarme)\b.*\b(manana|luego|mas tarde|otro dia|otra hora|lunes|martes|miercoles|jueves|viernes|sabado|domingo|a las?|en (\w+ )?(horas?|minutos?)|dentro de|esta (tarde|noche)|por la|la semana que viene|la proxima semana)\b/,
      /\b(llameme|llamenme|llamame|llamenos) (de nuevo|otra vez|luego)\b/,
      /\bvuelva(n)? a llamar(me|nos)?\b/,
      /\bmas tarde\b/,
      /\b(ahora|ahorita) no puedo\b.*\b(luego|manana|despues)\b/,
    ],
    notInterested: [
      /\bno (me )?(interesa|interesad[oa]s?)\b|\bno (estoy|estamos) interesad[oa]s?\b/,
      /\bno,? (muchas )?gracias\b/,
      /\bno (es|son) para (mi|nosotros)\b/,
      /\bahora no\b/,
    ],
    interested: [
      /\b(estoy|estamos|muy) interesad[oa]s?\b/,
      /\bme interesa\b/,
      /\b(cuenteme|cuentame|digame|expliqueme) mas\b|\bquiero saber mas\b/,
      /\b(me apunto|apunteme|apuntenme|inscribame)\b/,
      /\b(si|claro|vale|por supuesto|de acuerdo),? (por favor|adelante|me gustaria|quiero|cuenteme|digame)\b/,
      /\bme (gustaria|encantaria) (saber|recibir|que me|mas)\b/,
      /\b(envie|envieme|mande|mandeme|enviame|mandame) (la )?(informacion|los detalles|detalles|info)\b/,
      /^(si|claro|vale|por supuesto|desde luego|perfecto|de acuerdo|dale|sale|orale)[.!]?$/,
    ],
    objections: [
      ['price', /\b((muy|demasiado) (caro|cara)|caro|costoso|precio|cuesta|presupuesto|no (me )?(lo )?puedo pagar|mas barato|no tengo dinero)\b/],
      ['timing', /\b(mal momento|no es (un )?buen momento|ocupad[oa]|en una reunion|el ano que viene|el proximo ano|(quizas|tal vez) mas adelante)\b/],
      ['competitor', /\b(ya (tengo|tenemos|uso|usamos|trabajo con|trabajamos con)|otra (empresa|compania)|otro proveedor|proveedor actual)\b/],
      ['need', /\bno (lo )?(necesito|necesitamos|quiero|queremos)\b|\bno hace falta\b|\bno es necesario\b/],
      ['trust', /\b(estafa|fraude|spam|como (consiguio|obtuvo|tiene|tienen) mi numero|de donde (saco|sacaron|tiene|tienen) mi numero|es (esto )?real|de fiar)\b/],
      ['authority', /\b(no (soy|es) quien decide|no decido yo|no soy (el|la) (responsable|encargad[oa])|mi (jefe|jefa|esposa|esposo|marido|mujer|socio|socia) (decide|se encarga))\b/],
    ],
    question: /\?$|^(que|quien|quienes|como|por que|para que|cuando|donde|de donde|cual|cuales|puede|podria|es usted|son ustedes)\b/,
    doubleNegative: /\bno es que no\b/,
    bareNo: /^(no|nop|nel|para nada)\b/,
    frustrated: /\b(hart[oa]|molest[oa]|molestando|pesad[oa]s?|basta|dejeme en paz|dejenme en paz|fastidio|perdida de tiempo|cuantas veces|enfadad[oa]|enojad[oa]|maldita sea)\b|!{2,}/,
    confused: /\b(no (le |lo )?entiendo|no comprendo|que quiere decir|quien (es|habla)|como dice|perdon)\b|^(que|como|mande)\?$/,
    positive: /\b(genial|bien|estupendo|excelente|perfecto|gracias|encantad[oa]|me encanta|interesad[oa]|me interesa|me parece bien|suena bien|fantastico|maravilloso)\b/,
    negation: /\bno\b/,
    callbackWords,
  },
};
