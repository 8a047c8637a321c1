// A day as a letter to a member writes it, in each language a letter template exists for.

const MONTHS = {
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  es: [
    'enero',
    'febrero',
    'marzo',
    'abril',
    'mayo',
    'junio',
    'julio',
    'agosto',
    'septiembre',
    'octubre',
    'noviembre',
    'diciembre',
  ],
} as const;

/** "16 June 2025", "16 de junio de 2025". */
export function letterDay(day: string, language: keyof typeof MONTHS) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const month = MONTHS[language][m - 1];
  return language === 'es' ? `${d} de ${month} de ${y}` : `${d} ${month} ${y}`;
}
