import { testDialects } from '../../src/testing/databases.js';
import { describeAccessMatrix } from './access-matrix.js';

const dialect = testDialects.find((d) => d.name === 'sqlite');
if (dialect === undefined) throw new Error('no sqlite test dialect');
describeAccessMatrix(dialect);
