// The Community Partner assignment letter, in each language a template exists for: who the member's CP is and of
// which type, what a CP does, that the member may ask for a different CP or decline at any time and that this
// does not affect their MassHealth benefits, and whom to call.
import type { CpType } from '@contract/enrollment/assignment.labels.js';
import { type LetterLanguage, letterDay } from './letter-language.js';

export interface AssignmentWords {
  title: string;
  dateLine: (day: string) => string;
  greeting: (name: string) => string;
  assigned: (sender: string, cp: string, type: CpType) => string;
  startsOn: (day: string) => string;
  whatHeading: string;
  what: (cp: string, type: CpType) => string[];
  contact: (cp: string) => string;
  choiceHeading: string;
  choice: string;
  howToChoose: (sender: string, phone: string | null) => string;
  questionsHeading: string;
  callCp: (cp: string, phone: string) => string;
  callSender: (sender: string, phone: string) => string;
  callMassHealth: string;
  help: string;
  signOff: (sender: string) => string;
}

const MASSHEALTH_PHONE = '1-800-841-2900';

const TYPE_EN: Record<CpType, string> = {
  BH: 'Behavioral Health Community Partner (BH CP)',
  LTSS: 'Long-Term Services and Supports Community Partner (LTSS CP)',
};
const TYPE_ES: Record<CpType, string> = {
  BH: 'Community Partner de salud conductual (BH CP)',
  LTSS: 'Community Partner de servicios y apoyos a largo plazo (LTSS CP)',
};

export const ASSIGNMENT_WORDS: Record<LetterLanguage, AssignmentWords> = {
  en: {
    title: 'Your Community Partner',
    dateLine: (day) => `Date: ${letterDay(day, 'en')}`,
    greeting: (name) => `Dear ${name},`,
    assigned: (sender, cp, type) =>
      `${sender} has assigned you to ${cp}, a ${TYPE_EN[type]}. Community Partners are organizations in your community that MassHealth works with.`,
    startsOn: (day) => `Your assignment starts on ${letterDay(day, 'en')}.`,
    whatHeading: 'What a Community Partner does',
    what: (cp, type) =>
      type === 'BH'
        ? [
            `A care coordinator from ${cp} works with you on a care plan for your physical and mental health, and on the goals you choose.`,
            'They help you get services for mental health and substance use, and connect you with help in your community, such as housing, food and transportation.',
            'They help when you leave a hospital or treatment program, and work with your primary care provider and care team.',
          ]
        : [
            `A care coordinator from ${cp} helps you choose and plan the long-term services and supports you need to live the way you choose.`,
            'They connect you with help in your community, such as home care, equipment, housing, food and transportation.',
            'They work with your primary care provider and care team, and help when you leave a hospital or nursing facility.',
          ],
    contact: (cp) => `${cp} will contact you soon to introduce themselves.`,
    choiceHeading: 'Your choices',
    choice:
      'You may ask for a different Community Partner, or decline Community Partner support, at any time. Your choice does not affect your MassHealth benefits.',
    howToChoose: (sender, phone) =>
      `To ask for a different Community Partner or to decline, call ${sender}${phone ? ` at ${phone}` : ''}.`,
    questionsHeading: 'Questions?',
    callCp: (cp, phone) => `Call ${cp} at ${phone} (TTY: 711).`,
    callSender: (sender, phone) => `Call ${sender} at ${phone} (TTY: 711).`,
    callMassHealth: `You can also call MassHealth Customer Service at ${MASSHEALTH_PHONE} (TTY: 711).`,
    help: 'You can get this letter and other information in your language, in large print, in braille or in another format, and an interpreter, at no cost. Call us to ask.',
    signOff: (sender) => `Sincerely,\n${sender}`,
  },
  es: {
    title: 'Su Community Partner (socio comunitario)',
    dateLine: (day) => `Fecha: ${letterDay(day, 'es')}`,
    greeting: (name) => `Estimado/a ${name}:`,
    assigned: (sender, cp, type) =>
      `${sender} le ha asignado a ${cp}, un ${TYPE_ES[type]}. Los Community Partners son organizaciones de su comunidad con las que trabaja MassHealth.`,
    startsOn: (day) => `Su asignación comienza el ${letterDay(day, 'es')}.`,
    whatHeading: 'Qué hace un Community Partner',
    what: (cp, type) =>
      type === 'BH'
        ? [
            `Un coordinador de atención de ${cp} trabaja con usted en un plan de atención para su salud física y mental, y en las metas que usted elija.`,
            'Le ayuda a obtener servicios de salud mental y de uso de sustancias, y le conecta con ayuda en su comunidad, como vivienda, alimentos y transporte.',
            'Le ayuda cuando sale de un hospital o de un programa de tratamiento, y trabaja con su proveedor de atención primaria y su equipo de atención.',
          ]
        : [
            `Un coordinador de atención de ${cp} le ayuda a elegir y planificar los servicios y apoyos a largo plazo que necesita para vivir como usted elija.`,
            'Le conecta con ayuda en su comunidad, como atención en el hogar, equipos, vivienda, alimentos y transporte.',
            'Trabaja con su proveedor de atención primaria y su equipo de atención, y le ayuda cuando sale de un hospital o de un centro de enfermería.',
          ],
    contact: (cp) => `${cp} se comunicará con usted pronto para presentarse.`,
    choiceHeading: 'Sus opciones',
    choice:
      'Puede pedir un Community Partner diferente, o rechazar el apoyo de un Community Partner, en cualquier momento. Su decisión no afecta sus beneficios de MassHealth.',
    howToChoose: (sender, phone) =>
      `Para pedir un Community Partner diferente o para rechazarlo, llame a ${sender}${phone ? ` al ${phone}` : ''}.`,
    questionsHeading: '¿Preguntas?',
    callCp: (cp, phone) => `Llame a ${cp} al ${phone} (TTY: 711).`,
    callSender: (sender, phone) => `Llame a ${sender} al ${phone} (TTY: 711).`,
    callMassHealth: `También puede llamar al Servicio al Cliente de MassHealth al ${MASSHEALTH_PHONE} (TTY: 711).`,
    help: 'Puede obtener esta carta y otra información en su idioma, en letra grande, en braille o en otro formato, y un intérprete, sin costo. Llámenos para pedirlo.',
    signOff: (sender) => `Atentamente,\n${sender}`,
  },
};
