// The notice of a decision on a service request, in each language a template exists for (English and
// Spanish). Another language is sent in English, and the decision's reply says so, so staff arrange a
// translation or an interpreter. Plain words: the letter is read by the member, often with help.

import type { DenialReason, RequestDecision, RequestPriority } from '@contract/care/requests.labels.js';
import { letterDay } from '@contract/letter-day.js';

export const NOTICE_LANGUAGES = ['en', 'es'] as const;
export type NoticeLanguage = (typeof NOTICE_LANGUAGES)[number];

export interface NoticeWords {
  title: string;
  dateLine: (day: string) => string;
  to: string;
  greeting: (name: string) => string;
  about: (service: string, receivedOn: string, priority: RequestPriority) => string;
  decision: Record<RequestDecision, string>;
  reasonHeading: string;
  reasons: Record<DenialReason, string>;
  explanationHeading: string;
  appealHeading: string;
  appealBy: (dueOn: string) => string;
  continuation: (until: string) => string;
  appealDecision: (days: number, hours: number) => string;
  howToAppeal: (plan: string, phone: string | null) => string;
  nextLevel: (days: number, oneCare: boolean) => string;
  help: string;
  signOff: (plan: string) => string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const NOTICE_WORDS: Record<NoticeLanguage, NoticeWords> = {
  en: {
    title: 'Notice of our decision on your service request',
    dateLine: (day) => `Date of this notice: ${letterDay(day, 'en')}`,
    to: 'To',
    greeting: (name) => `Dear ${name},`,
    about: (service, receivedOn, priority) =>
      `We received a ${priority === 'expedited' ? 'fast (expedited)' : 'standard'} request for the following service on ${letterDay(receivedOn, 'en')}: ${service}.`,
    decision: {
      approved: 'We have approved this request.',
      partly_approved:
        'We have approved part of this request. The part we did not approve is explained below.',
      denied: 'We have denied this request.',
    },
    reasonHeading: 'Why we made this decision',
    reasons: {
      not_medically_necessary:
        'The service is not medically necessary for your condition, based on the information we have.',
      not_covered: 'The service is not a benefit your plan covers.',
      out_of_network:
        'The provider asked for is not in our network, and a provider in our network can give you this service.',
      missing_information:
        'We asked for information we needed to decide, and we did not receive it in time. You or your provider can send it and ask again.',
      duplicate: 'The same service was already requested or approved for you.',
      not_eligible: 'You were not enrolled in the plan on the date of the service.',
      experimental: 'The service is experimental or investigational.',
      less_costly_alternative:
        'Another service that works as well for your condition, and costs less, is available to you.',
      benefit_limit_reached: 'The amount asked for is more than the limit of this benefit.',
    },
    explanationHeading: 'What this means for you',
    appealHeading: 'Your right to appeal',
    appealBy: (dueOn) =>
      `If you disagree with this decision, you may ask us to look at it again (an appeal). You must appeal by ${letterDay(dueOn, 'en')}.`,
    continuation: (until) =>
      `If you are already getting this service and you appeal by ${letterDay(until, 'en')}, you can keep getting it while we decide your appeal.`,
    appealDecision: (days, hours) =>
      `We will decide your appeal within ${plural(days, 'calendar day', 'calendar days')}. If waiting could seriously harm your health, ask for a fast appeal: we will decide it within ${plural(hours, 'hour', 'hours')}.`,
    howToAppeal: (plan, phone) =>
      `To appeal, call ${plan}${phone ? ` at ${phone}` : ''}, or write to us. Your provider or someone you choose can appeal for you.`,
    nextLevel: (days, oneCare) =>
      `If we do not decide in your favour, you can ask for an independent review: ${oneCare ? 'Medicare’s independent review entity (for Medicare services) or ' : ''}MassHealth’s Board of Hearings, within ${plural(days, 'day', 'days')} of our appeal decision.`,
    help: 'You can get this letter and other information in your language, in large print, in braille or in another format, and an interpreter, at no cost. Call us to ask.',
    signOff: (plan) => `Sincerely,\n${plan}`,
  },
  es: {
    title: 'Aviso de nuestra decisión sobre su solicitud de servicio',
    dateLine: (day) => `Fecha de este aviso: ${letterDay(day, 'es')}`,
    to: 'Para',
    greeting: (name) => `Estimado/a ${name}:`,
    about: (service, receivedOn, priority) =>
      `El ${letterDay(receivedOn, 'es')} recibimos una solicitud ${priority === 'expedited' ? 'rápida (acelerada)' : 'estándar'} del siguiente servicio: ${service}.`,
    decision: {
      approved: 'Hemos aprobado esta solicitud.',
      partly_approved:
        'Hemos aprobado una parte de esta solicitud. Más abajo explicamos la parte que no aprobamos.',
      denied: 'Hemos denegado esta solicitud.',
    },
    reasonHeading: 'Por qué tomamos esta decisión',
    reasons: {
      not_medically_necessary:
        'Según la información que tenemos, el servicio no es médicamente necesario para su condición.',
      not_covered: 'El servicio no es un beneficio que cubra su plan.',
      out_of_network:
        'El proveedor solicitado no está en nuestra red, y un proveedor de nuestra red puede darle este servicio.',
      missing_information:
        'Pedimos información que necesitábamos para decidir y no la recibimos a tiempo. Usted o su proveedor pueden enviarla y pedirlo de nuevo.',
      duplicate: 'El mismo servicio ya se había solicitado o aprobado para usted.',
      not_eligible: 'Usted no estaba inscrito/a en el plan en la fecha del servicio.',
      experimental: 'El servicio es experimental o de investigación.',
      less_costly_alternative:
        'Tiene a su disposición otro servicio que funciona igual de bien para su condición y cuesta menos.',
      benefit_limit_reached: 'La cantidad solicitada supera el límite de este beneficio.',
    },
    explanationHeading: 'Qué significa esto para usted',
    appealHeading: 'Su derecho a apelar',
    appealBy: (dueOn) =>
      `Si no está de acuerdo con esta decisión, puede pedirnos que la revisemos de nuevo (una apelación). Debe apelar a más tardar el ${letterDay(dueOn, 'es')}.`,
    continuation: (until) =>
      `Si ya recibe este servicio y apela a más tardar el ${letterDay(until, 'es')}, puede seguir recibiéndolo mientras decidimos su apelación.`,
    appealDecision: (days, hours) =>
      `Decidiremos su apelación dentro de ${plural(days, 'día calendario', 'días calendario')}. Si esperar pudiera dañar gravemente su salud, pida una apelación rápida: la decidiremos dentro de ${plural(hours, 'hora', 'horas')}.`,
    howToAppeal: (plan, phone) =>
      `Para apelar, llame a ${plan}${phone ? ` al ${phone}` : ''} o escríbanos. Su proveedor o una persona que usted elija puede apelar por usted.`,
    nextLevel: (days, oneCare) =>
      `Si no decidimos a su favor, puede pedir una revisión independiente: ${oneCare ? 'la entidad de revisión independiente de Medicare (para servicios de Medicare) o ' : ''}la Junta de Audiencias (Board of Hearings) de MassHealth, dentro de ${plural(days, 'día', 'días')} después de nuestra decisión sobre la apelación.`,
    help: 'Puede obtener esta carta y otra información en su idioma, en letra grande, en braille o en otro formato, y un intérprete, sin costo. Llámenos para pedirlo.',
    signOff: (plan) => `Atentamente,\n${plan}`,
  },
};
