// The organisations domain's public surface: other code imports from here only.
export { MASSACHUSETTS_COUNTIES, type County } from './counties.js';
export {
  findOrganisation,
  findOrganisationByCode,
  insertOrganisation,
  insertRelationship,
  insertServiceArea,
} from './organisations.repository.js';
export { ORGANISATION_KINDS, ORGANISATION_KIND_LABELS } from './organisations.schemas.js';
export { organisationsRoutes } from './organisations.routes.js';
export { createOrganisationsService, type OrganisationsService } from './organisations.service.js';
export { organisations, orgRelationships, serviceAreas } from './organisations.tables.js';
