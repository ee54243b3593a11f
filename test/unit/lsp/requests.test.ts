import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fixturePath } from '../helpers';
import { TestClient, uriOf } from './client';

interface ControlItem {
  id: string;
  category: string;
  severity: string;
  file: string;
  errors: number;
  warnings: number;
}

describe('custom requests', () => {
  let folder: string;
  let client: TestClient;

  before(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'control-requests-'));
    fs.cpSync(fixturePath('lsp', 'workspace'), folder, { recursive: true });
    client = new TestClient();
    await client.initialize(folder);
    await client.diagnostics(uriOf(path.join(folder, 'controls', 'EDCA-SEC-900.json')));
  });

  after(async () => {
    await client.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('lists controls with finding counts', async () => {
    const items: ControlItem[] = await client.connection.sendRequest('controlStudio/controls');
    assert.deepEqual(
      items.map((i) => [i.id, i.category, i.severity, i.file, i.errors, i.warnings]),
      [
        ['EDCA-DATA-003', 'Data Security', 'High', 'controls/EDCA-DATA-003.json', 0, 0],
        ['EDCA-SEC-900', 'Platform Security', 'Medium', 'controls/EDCA-SEC-900.json', 2, 0],
      ],
    );
  });

  it('takes the next free id for a new control', async () => {
    const result: { id: string; text: string } = await client.connection.sendRequest('controlStudio/newControl', {
      category: 'Platform Security',
      title: 'Sample',
      severity: 'Low',
      subject: 'Server',
    });
    assert.equal(result.id, 'EDCA-SEC-901');
    const control = JSON.parse(result.text) as Record<string, unknown>;
    assert.deepEqual([control.id, control.category, control.severity, control.severityWeight, control.subject], ['EDCA-SEC-901', 'Platform Security', 'Low', 3, 'Server']);
  });

  it('rejects an unknown category', async () => {
    const result = await client.connection.sendRequest('controlStudio/newControl', { category: 'Nope', title: 'x', severity: 'Low', subject: 'Server' });
    assert.equal(result, null);
  });

  it('writes the overview', async () => {
    const markdown: string = await client.connection.sendRequest('controlStudio/report');
    const lines = markdown.split('\n');
    assert.equal(lines[2], '2 controls in 2 files.');
    assert.ok(lines.includes('| EDCA-SEC-900 | controls/EDCA-SEC-900.json:1 | 2 | 0 | severity-weight, unknown-control-reference |'));
  });
});
