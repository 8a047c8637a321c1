import { checkEveryRow } from '../../src/platform/db/client.js';

// Under the tests every row of a raw query is checked against its schema, not only the first; the
// variable carries the same to the commands a test runs as a child process.
checkEveryRow();
process.env.CONCORD_CHECK_ROWS = '1';
