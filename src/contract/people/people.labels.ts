// A person's qualifications, and their names: words shared by the server and the web app.

export const QUALIFICATION_KINDS = ['licence', 'certification'] as const;

export const QUALIFICATION_KIND_LABELS: Record<(typeof QUALIFICATION_KINDS)[number], string> = {
  licence: 'Licence',
  certification: 'Certification',
};
