// The "Welcome" letter of a service-area expansion (seed 001), in each language a template exists for: the plan
// has come to the member's county, the first day they can be enrolled, what the plan offers, how to ask, and
// that choosing does not affect their MassHealth benefits. Plain words: the letter is read by the member,
// often with help.
import { type LetterLanguage, letterDay } from './letter-language.js';

/** The program a welcome letter describes: One Care (a plan), an ACO or an MCO. */
export type WelcomeProgram = 'one_care' | 'aco' | 'mco';

export interface WelcomeWords {
  title: (plan: string, county: string) => string;
  dateLine: (day: string) => string;
  greeting: (name: string) => string;
  arrived: (plan: string, county: string) => string;
  program: (plan: string, program: WelcomeProgram) => string;
  firstDay: (day: string) => string;
  offersHeading: (plan: string) => string;
  offers: Record<WelcomeProgram, string[]>;
  choiceHeading: string;
  choice: (plan: string) => string;
  questionsHeading: string;
  callPlan: (plan: string, phone: string) => string;
  callMassHealth: string;
  oneCareSite: string;
  help: string;
  signOff: (plan: string) => string;
}

/** MassHealth Customer Service, as the state's own notices give it. */
const MASSHEALTH_PHONE = '1-800-841-2900';

export const WELCOME_WORDS: Record<LetterLanguage, WelcomeWords> = {
  en: {
    title: (plan, county) => `Welcome: ${plan} is now in ${county} County`,
    dateLine: (day) => `Date: ${letterDay(day, 'en')}`,
    greeting: (name) => `Dear ${name},`,
    arrived: (plan, county) => `Good news: ${plan} is now available where you live, in ${county} County.`,
    program: (plan, program) =>
      program === 'one_care'
        ? `${plan} is a One Care plan. One Care is for people aged 21 to 64 who have both MassHealth and Medicare. It brings your MassHealth and Medicare benefits together in one plan, with a care coordinator who works with you.`
        : program === 'aco'
          ? `${plan} is a MassHealth Accountable Care Organization (ACO): a health plan in which your primary care provider and a care team work together for your health.`
          : `${plan} is a MassHealth managed care organization (MCO): a health plan with a network of doctors, hospitals and other providers who work together for your health.`,
    firstDay: (day) => `The first day you can be enrolled: ${letterDay(day, 'en')}`,
    offersHeading: (plan) => `What ${plan} offers you`,
    offers: {
      one_care: [
        'All your MassHealth and Medicare benefits in one plan, with one member card.',
        'A care coordinator who is your single point of contact, and a care team of you, your doctors and the people you choose.',
        'An independent Long-Term Supports (LTS) coordinator, if you want one, to help you live independently.',
        'Help in your language, and materials in large print, braille or another format, at no cost.',
      ],
      aco: [
        'A primary care provider who knows you, and a care team that works together.',
        'Help to get the care you need, including behavioral health and long-term services and supports.',
        'Support from a Community Partner, if you qualify.',
        'Help in your language, and materials in large print, braille or another format, at no cost.',
      ],
      mco: [
        'A network of doctors, hospitals and other providers who work together.',
        'Help to get the care you need, including behavioral health and long-term services and supports.',
        'Support from a Community Partner, if you qualify.',
        'Help in your language, and materials in large print, braille or another format, at no cost.',
      ],
    },
    choiceHeading: 'It is your choice',
    choice: (plan) =>
      `Whether you join ${plan} is up to you. Choosing to join, or not to join, does not affect your MassHealth benefits.`,
    questionsHeading: 'Questions?',
    callPlan: (plan, phone) => `Call ${plan} at ${phone} (TTY: 711).`,
    callMassHealth: `You can also call MassHealth Customer Service at ${MASSHEALTH_PHONE} (TTY: 711).`,
    oneCareSite: 'Read more about One Care at www.mass.gov/one-care.',
    help: 'You can get this letter and other information in your language, in large print, in braille or in another format, and an interpreter, at no cost. Call us to ask.',
    signOff: (plan) => `Sincerely,\n${plan}`,
  },
  es: {
    title: (plan, county) => `Bienvenido/a: ${plan} ya está en el condado de ${county}`,
    dateLine: (day) => `Fecha: ${letterDay(day, 'es')}`,
    greeting: (name) => `Estimado/a ${name}:`,
    arrived: (plan, county) =>
      `Buenas noticias: ${plan} ya está disponible donde usted vive, en el condado de ${county}.`,
    program: (plan, program) =>
      program === 'one_care'
        ? `${plan} es un plan One Care. One Care es para personas de 21 a 64 años que tienen MassHealth y Medicare. Reúne sus beneficios de MassHealth y Medicare en un solo plan, con un coordinador de atención que trabaja con usted.`
        : program === 'aco'
          ? `${plan} es una Organización de Atención Responsable (ACO) de MassHealth: un plan de salud en el que su proveedor de atención primaria y un equipo de atención trabajan juntos por su salud.`
          : `${plan} es una organización de atención administrada (MCO) de MassHealth: un plan de salud con una red de médicos, hospitales y otros proveedores que trabajan juntos por su salud.`,
    firstDay: (day) => `El primer día en que puede inscribirse: ${letterDay(day, 'es')}`,
    offersHeading: (plan) => `Lo que ${plan} le ofrece`,
    offers: {
      one_care: [
        'Todos sus beneficios de MassHealth y Medicare en un solo plan, con una sola tarjeta de miembro.',
        'Un coordinador de atención que es su único punto de contacto, y un equipo de atención formado por usted, sus médicos y las personas que usted elija.',
        'Un coordinador independiente de apoyos a largo plazo (LTS), si lo desea, para ayudarle a vivir de forma independiente.',
        'Ayuda en su idioma, y materiales en letra grande, braille u otro formato, sin costo.',
      ],
      aco: [
        'Un proveedor de atención primaria que le conoce, y un equipo de atención que trabaja en conjunto.',
        'Ayuda para obtener la atención que necesita, incluida la salud conductual y los servicios y apoyos a largo plazo.',
        'Apoyo de un Community Partner (socio comunitario), si reúne los requisitos.',
        'Ayuda en su idioma, y materiales en letra grande, braille u otro formato, sin costo.',
      ],
      mco: [
        'Una red de médicos, hospitales y otros proveedores que trabajan en conjunto.',
        'Ayuda para obtener la atención que necesita, incluida la salud conductual y los servicios y apoyos a largo plazo.',
        'Apoyo de un Community Partner (socio comunitario), si reúne los requisitos.',
        'Ayuda en su idioma, y materiales en letra grande, braille u otro formato, sin costo.',
      ],
    },
    choiceHeading: 'Usted decide',
    choice: (plan) =>
      `Inscribirse en ${plan} es su decisión. Inscribirse, o no inscribirse, no afecta sus beneficios de MassHealth.`,
    questionsHeading: '¿Preguntas?',
    callPlan: (plan, phone) => `Llame a ${plan} al ${phone} (TTY: 711).`,
    callMassHealth: `También puede llamar al Servicio al Cliente de MassHealth al ${MASSHEALTH_PHONE} (TTY: 711).`,
    oneCareSite: 'Obtenga más información sobre One Care en www.mass.gov/one-care.',
    help: 'Puede obtener esta carta y otra información en su idioma, en letra grande, en braille o en otro formato, y un intérprete, sin costo. Llámenos para pedirlo.',
    signOff: (plan) => `Atentamente,\n${plan}`,
  },
};
