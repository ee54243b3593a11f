import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  controlLabel,
  controlTooltip,
  findingDecoration,
  findingSummary,
  groupControls,
  groupCounts,
  groupDescription,
  parseGroupBy,
  severityIcon,
} from '../../../client/src/views/model';
import type { ControlItem } from '../../../client/src/views/protocol';

function control(overrides: Partial<ControlItem> & Pick<ControlItem, 'id'>): ControlItem {
  return {
    title: `Title of ${overrides.id}`,
    category: 'Platform Security',
    severity: 'High',
    frameworks: ['Best Practice'],
    uri: `file:///ws/controls/${overrides.id}.json`,
    file: `controls/${overrides.id}.json`,
    range: { start: { line: 0, character: 0 }, end: { line: 30, character: 1 } },
    errors: 0,
    warnings: 0,
    infos: 0,
    ...overrides,
  };
}

const items: ControlItem[] = [
  control({ id: 'EDCA-TLS-001', category: 'Transport Security', severity: 'Critical', frameworks: ['Best Practice', 'CIS'] }),
  control({ id: 'EDCA-SEC-010', severity: 'Medium', frameworks: ['CIS', 'BSI'], errors: 1, warnings: 2 }),
  control({ id: 'EDCA-SEC-002', severity: 'Low', warnings: 1 }),
  control({ id: 'EDCA-DATA-001', category: 'Data Security', severity: 'Urgent', frameworks: [] }),
  control({ id: '', title: '', category: '', severity: '', frameworks: ['CIS', 'CIS'] }),
];

/** Returns the groups as [label, ids of their controls], the shape that the view shows. */
function outline(groupBy: 'category' | 'framework' | 'severity'): Array<[string, string[]]> {
  return groupControls(items, groupBy).map((group) => [group.label, group.controls.map((item) => item.id)]);
}

describe('controls view grouping', () => {
  it('groups by category alphabetically', () => {
    assert.deepEqual(outline('category'), [
      ['Data Security', ['EDCA-DATA-001']],
      ['Platform Security', ['EDCA-SEC-002', 'EDCA-SEC-010']],
      ['Transport Security', ['EDCA-TLS-001']],
      ['(no category)', ['']],
    ]);
  });

  it('groups by severity in rank order', () => {
    assert.deepEqual(outline('severity'), [
      ['Critical', ['EDCA-TLS-001']],
      ['Medium', ['EDCA-SEC-010']],
      ['Low', ['EDCA-SEC-002']],
      ['Urgent', ['EDCA-DATA-001']],
      ['(no severity)', ['']],
    ]);
  });

  it('lists a control under each framework once', () => {
    assert.deepEqual(outline('framework'), [
      ['Best Practice', ['EDCA-SEC-002', 'EDCA-TLS-001']],
      ['BSI', ['EDCA-SEC-010']],
      ['CIS', ['', 'EDCA-SEC-010', 'EDCA-TLS-001']],
      ['(no framework)', ['EDCA-DATA-001']],
    ]);
  });

  it('gives groups keys unique per grouping', () => {
    const keys = groupControls(items, 'framework').map((group) => group.key);
    assert.deepEqual(keys, ['framework:Best Practice', 'framework:BSI', 'framework:CIS', 'framework:(no framework)']);
  });

  it('orders one id twice by place', () => {
    const first = control({ id: 'EDCA-SEC-001', file: 'catalogue/controls.json', range: { start: { line: 40, character: 2 }, end: { line: 70, character: 3 } } });
    const second = control({ id: 'EDCA-SEC-001', file: 'catalogue/controls.json', range: { start: { line: 1, character: 2 }, end: { line: 39, character: 3 } } });
    const [group] = groupControls([first, second], 'category');
    assert.deepEqual(
      group?.controls.map((item) => item.range.start.line),
      [1, 40],
    );
  });

  it('returns no groups for no controls', () => {
    assert.deepEqual(groupControls([], 'category'), []);
  });
});

describe('controls view labels', () => {
  it('labels a control with its id', () => {
    assert.equal(controlLabel(control({ id: 'EDCA-SEC-001', title: 'SMB 1.0 disabled' })), 'EDCA-SEC-001');
    assert.equal(controlLabel(control({ id: '', title: 'Draft' })), '(no id)');
  });

  it('summarizes errors and warnings', () => {
    const cases: Array<[errors: number, warnings: number, expected: string]> = [
      [0, 0, ''],
      [1, 0, '1 error'],
      [0, 1, '1 warning'],
      [2, 1, '2 errors, 1 warning'],
      [1, 3, '1 error, 3 warnings'],
    ];
    for (const [errors, warnings, expected] of cases) {
      assert.equal(findingSummary({ errors, warnings }), expected, `${errors} errors and ${warnings} warnings`);
    }
  });

  it('describes a group with its findings', () => {
    const [clean, failing] = groupControls(items, 'category');
    assert.ok(clean, 'no first group');
    assert.ok(failing, 'no second group');
    assert.equal(groupDescription(clean), '1 control');
    assert.equal(groupDescription(failing), '2 controls · 1 error, 3 warnings');
    assert.deepEqual(groupCounts(failing), { errors: 1, warnings: 3 });
  });

  it('decorates errors and warnings', () => {
    assert.equal(findingDecoration({ errors: 0, warnings: 0 }), undefined);
    assert.deepEqual(findingDecoration({ errors: 0, warnings: 2 }), { badge: '2', color: 'list.warningForeground', tooltip: '2 warnings' });
    assert.deepEqual(findingDecoration({ errors: 1, warnings: 2 }), { badge: '3', color: 'list.errorForeground', tooltip: '1 error, 2 warnings' });
    assert.deepEqual(findingDecoration({ errors: 9, warnings: 0 }), { badge: '9', color: 'list.errorForeground', tooltip: '9 errors' });
    assert.deepEqual(findingDecoration({ errors: 4, warnings: 6 }), { badge: '9+', color: 'list.errorForeground', tooltip: '4 errors, 6 warnings' });
  });

  it('writes a tooltip with every finding', () => {
    const item = control({ id: 'EDCA-SEC-010', title: 'Cipher suites', frameworks: ['CIS', 'BSI'], errors: 1, infos: 2 });
    assert.equal(
      controlTooltip(item),
      [
        'EDCA-SEC-010: Cipher suites',
        'Severity: High · Category: Platform Security',
        'Frameworks: CIS, BSI',
        'controls/EDCA-SEC-010.json, line 1',
        'Findings: 1 error, 2 infos',
      ].join('\n'),
    );
  });

  it('writes a tooltip for a bare control', () => {
    const item = control({ id: '', title: '', category: '', severity: '', frameworks: [], file: 'catalogue/controls.json' });
    assert.equal(
      controlTooltip(item),
      ['(no id)', 'Severity: (none) · Category: (none)', 'Frameworks: (none)', 'catalogue/controls.json, line 1', 'Findings: none'].join('\n'),
    );
  });

  it('gives each severity its own icon', () => {
    assert.deepEqual(severityIcon('Critical'), { icon: 'flame', color: 'charts.red' });
    assert.deepEqual(severityIcon('High'), { icon: 'arrow-up', color: 'charts.orange' });
    assert.deepEqual(severityIcon('Medium'), { icon: 'arrow-right', color: 'charts.yellow' });
    assert.deepEqual(severityIcon('Low'), { icon: 'arrow-down', color: 'charts.blue' });
    assert.deepEqual(severityIcon('Urgent'), { icon: 'question', color: undefined });
    assert.deepEqual(severityIcon(''), { icon: 'question', color: undefined });
  });

  it('reads the groupBy setting', () => {
    assert.equal(parseGroupBy('severity'), 'severity');
    assert.equal(parseGroupBy('framework'), 'framework');
    assert.equal(parseGroupBy('Severity'), 'category');
    assert.equal(parseGroupBy(undefined), 'category');
  });
});
