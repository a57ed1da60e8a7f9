import { testDialects } from '../../src/testing/databases.js';
import { describeAccessMatrix } from './access-matrix.js';

const dialect = testDialects.find((d) => d.name === 'postgres');
if (dialect === undefined) throw new Error('no postgres test dialect');
describeAccessMatrix(dialect);
