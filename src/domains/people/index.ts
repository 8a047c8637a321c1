// The people domain's public surface: other code imports from here only.
export { peopleImportJob, PEOPLE_IMPORT_JOB } from './import/people-import.job.js';
export { peopleImportRoutes } from './import/people-import.routes.js';
export { createPeopleImportService } from './import/people-import.service.js';
export { IMPORT_COLUMNS } from './import/people-import.columns.js';
export { membershipLoader } from './memberships.js';
export { isValidNpi, npiFromBase } from './npi.js';
export { findPersonByEmail, insertPerson, insertRole, insertQualification } from './people.repository.js';
export { peopleRoutes } from './people.routes.js';
export { ROLE_KINDS, ROLE_LABELS, type RoleKind } from './people.schemas.js';
export { createPeopleService, type PeopleService } from './people.service.js';
export { people, personRoles, qualifications } from './people.tables.js';
