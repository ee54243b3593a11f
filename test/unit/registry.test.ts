import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ruleDocsUrl } from '../../server/src/core/docs';
import { RULES } from '../../server/src/core/rules';
import { REPO_ROOT } from './helpers';

const DOCS_DIR = path.join(REPO_ROOT, 'docs', 'rules');
const RULES_DIR = path.join(REPO_ROOT, 'server', 'src', 'core', 'rules');
const INDEX_FILE = 'README.md';

const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

// Every rule page has three blocks on top: "# <id>", the summary, then this line.
const SETTINGS_LINE = /^Default severity: \*\*(error|warning|info)\*\* · Fixable: (yes|no)$/;

const INDEX_HEADER = '| Rule | Default severity | Fixable | Summary |';
const INDEX_ROW = /^\| \[([^\]]+)\]\(([^)]+)\) \| ([^|]+) \| ([^|]+) \| (.+) \|$/;

interface RulePage {
  title: string;
  summary: string;
  settings: string;
}

interface IndexRow {
  id: string;
  link: string;
  severity: string;
  fixable: string;
  summary: string;
}

const ruleIds = RULES.map((rule) => rule.meta.id);

/** Removes code spans and backslash escapes, so Markdown compares with plain meta text. */
function plainText(markdown: string): string {
  return markdown.replace(/`/g, '').replace(/\\(.)/g, '$1');
}

function readPage(id: string): RulePage {
  const text = fs.readFileSync(path.join(DOCS_DIR, `${id}.md`), 'utf8');
  const [title = '', summary = '', settings = ''] = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  return { title, summary, settings };
}

function readIndexRows(): IndexRow[] {
  const lines = fs.readFileSync(path.join(DOCS_DIR, INDEX_FILE), 'utf8').split(/\r?\n/);
  const header = lines.indexOf(INDEX_HEADER);
  assert.notEqual(header, -1, `${INDEX_FILE} has no line "${INDEX_HEADER}"`);

  const rows: IndexRow[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const match = INDEX_ROW.exec(line);
    assert.ok(match, `${INDEX_FILE} has a table row in an unexpected format: ${line}`);
    const [, id = '', link = '', severity = '', fixable = '', summary = ''] = match;
    rows.push({ id, link, severity, fixable, summary });
  }
  return rows;
}

describe('rule registry', () => {
  it('has unique rule ids', () => {
    const repeated = ruleIds.filter((id, index) => ruleIds.indexOf(id) !== index);
    assert.deepEqual(repeated, []);
  });

  it('has kebab-case rule ids', () => {
    for (const id of ruleIds) assert.match(id, KEBAB_CASE, `rule id "${id}" is not kebab-case`);
  });

  it('keeps each rule in a file named after it', () => {
    for (const id of ruleIds) {
      assert.ok(fs.existsSync(path.join(RULES_DIR, `${id}.ts`)), `no server/src/core/rules/${id}.ts`);
    }
  });
});

describe('rule docs pages', () => {
  it('exist at each rule docs URL', () => {
    for (const id of ruleIds) {
      const file = fileURLToPath(ruleDocsUrl(REPO_ROOT, id));
      assert.ok(fs.existsSync(file), `rule ${id} has no docs page at ${file}`);
    }
  });

  it('belong to registered rules', () => {
    const pages = fs.readdirSync(DOCS_DIR).filter((name) => name.endsWith('.md') && name !== INDEX_FILE);
    for (const page of pages) {
      const id = page.slice(0, -'.md'.length);
      assert.ok(ruleIds.includes(id), `docs/rules/${page} documents no rule in RULES`);
    }
  });

  for (const rule of RULES) {
    const { id, description, severity, fixable } = rule.meta;

    it(`${id} page matches the rule meta`, () => {
      const page = readPage(id);
      assert.equal(page.title, `# ${id}`, 'title');
      assert.equal(plainText(page.summary), description, 'summary');

      const settings = SETTINGS_LINE.exec(page.settings);
      assert.ok(settings, `settings line "${page.settings}" does not read "Default severity: **<severity>** · Fixable: <yes|no>"`);
      assert.equal(settings[1], severity, 'default severity');
      assert.equal(settings[2], fixable ? 'yes' : 'no', 'fixable');
    });
  }
});

describe('rule docs index', () => {
  it('lists the rules in registry order', () => {
    const rows = readIndexRows();
    assert.deepEqual(
      rows.map((row) => row.id),
      ruleIds,
    );
  });

  it('states each rule meta', () => {
    const rows = new Map(readIndexRows().map((row) => [row.id, row]));
    for (const { meta } of RULES) {
      const row = rows.get(meta.id);
      assert.ok(row, `${INDEX_FILE} has no row for ${meta.id}`);
      assert.equal(row.link, `${meta.id}.md`, `${meta.id} link`);
      assert.equal(row.severity, meta.severity, `${meta.id} default severity`);
      assert.equal(row.fixable, meta.fixable ? 'yes' : 'no', `${meta.id} fixable`);
      assert.equal(plainText(row.summary), meta.description, `${meta.id} summary`);
    }
  });
});
