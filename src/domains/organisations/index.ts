// The organisations domain's public surface: other code imports from here only.
export { type County, MASSACHUSETTS_COUNTIES } from '@contract/organisations/counties.js';
export {
  ORGANISATION_KIND_LABELS,
  ORGANISATION_KINDS,
} from '@contract/organisations/organisations.schemas.js';
export { organisationExporters, organisationsFhir, toOrganization } from './organisations.fhir.js';
export { organisationPolicy } from './organisations.policy.js';
export {
  findOrganisation,
  findOrganisationByCode,
  insertOrganisation,
  insertRelationship,
  insertServiceArea,
  networkOf,
} from './organisations.repository.js';
export { organisationsRoutes } from './organisations.routes.js';
export { createOrganisationsService, type OrganisationsService } from './organisations.service.js';
export { organisations, orgRelationships, serviceAreas } from './organisations.tables.js';
export {
  networkContractsView,
  organisationPlansView,
  organisationsView,
  orgRelationshipsView,
  serviceAreasView,
} from './organisations.views.js';
export { listPlans } from './seeding.repository.js';
