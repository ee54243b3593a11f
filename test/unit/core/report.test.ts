import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_CONFIG } from '../../../server/src/core/config';
import { lintText } from '../../../server/src/core/lint';
import { catalogueReport, type SummarizedFile } from '../../../server/src/core/report';
import type { Finding } from '../../../server/src/core/types';
import { REPO_ROOT } from '../helpers';

describe('catalogueReport', () => {
  it("reads each file's findings once", () => {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'controls', 'EDCA-DATA-003.json'), 'utf8');
    const catalogue = `[${text}, ${text.replace('EDCA-DATA-003', 'EDCA-DATA-004')}]`;
    const result = lintText(catalogue, { file: 'controls.json', config: DEFAULT_CONFIG });
    assert.equal(result.controls.length, 2);
    let reads = 0;
    // A stored result builds its findings on each read, as this one counts.
    const file: SummarizedFile = {
      file: 'controls.json',
      controls: result.controls,
      get findings(): Finding[] {
        reads++;
        return result.findings;
      },
    };
    catalogueReport([file], DEFAULT_CONFIG);
    assert.equal(reads, 1);
  });
});
