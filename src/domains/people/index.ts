// The people domain's public surface: other code imports from here only.

export { isValidNpi, npiFromBase, npiProblem } from '@contract/people/npi.js';
export { ROLE_KINDS, ROLE_LABELS, type RoleKind } from '@contract/people/people.schemas.js';
export { IMPORT_COLUMNS } from './import/people-import.columns.js';
export { PEOPLE_IMPORT_JOB, peopleImportJob } from './import/people-import.job.js';
export { createPeopleImporter, peopleImportRoutes } from './import/people-import.js';
export { membershipLoader } from './memberships.js';
export { peopleExporters, peopleFhir, toPractitioner, toPractitionerRole } from './people.fhir.js';
export { peoplePolicy } from './people.policy.js';
export {
  findPersonByEmail,
  insertPerson,
  insertQualification,
  insertRole,
  isVisiblePerson,
  type Supervisor,
  searchVisiblePeople,
  supervisorsOf,
} from './people.repository.js';
export { peopleRoutes } from './people.routes.js';
export { createPeopleService, type PeopleService } from './people.service.js';
export { people, personRoles, qualifications } from './people.tables.js';
export {
  peopleView,
  personRolesView,
  personSupervisorsView,
  qualificationsView,
} from './people.views.js';
