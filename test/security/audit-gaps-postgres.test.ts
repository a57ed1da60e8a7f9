import { testDialects } from '../../src/testing/databases.js';
import { describeAuditGaps, describeDeniedBounds } from './audit-gaps.js';

const dialect = testDialects.find((d) => d.name === 'postgres');
if (dialect === undefined) throw new Error('no postgres test dialect');
describeAuditGaps(dialect);
describeDeniedBounds(dialect);
