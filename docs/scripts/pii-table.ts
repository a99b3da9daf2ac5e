/** Rewrites the generated tables of docs/pii-reference.md from the real sanitizer. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPiiTables, withTables } from '../src/pii-table.js';

const page = join(import.meta.dirname, '..', 'pii-reference.md');
writeFileSync(page, withTables(readFileSync(page, 'utf8'), renderPiiTables()));
console.log(`wrote ${page}`);
