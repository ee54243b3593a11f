import { automatableManual } from './automatable-manual';
import { discouragedWords } from './discouraged-words';
import { duplicateKey } from './duplicate-key';
import { frameworkReference } from './framework-reference';
import { idCategory } from './id-category';
import { idDuplicate } from './id-duplicate';
import { idFilename } from './id-filename';
import { jsonSyntax } from './json-syntax';
import { jsonWhitespace } from './json-whitespace';
import { linkBroken } from './link-broken';
import { linkMoved } from './link-moved';
import { linkUnverified } from './link-unverified';
import { modalVerbs } from './modal-verbs';
import { noComments } from './no-comments';
import { noTrailingCommas } from './no-trailing-commas';
import { referenceDuplicate } from './reference-duplicate';
import { referenceHttps } from './reference-https';
import { remediationProseCode } from './remediation-prose-code';
import { requirementKeyword } from './requirement-keyword';
import type { CatalogueRule, ControlRule, LinkRule, Rule, SyntaxRule } from './rule';
import { schema } from './schema';
import { severityWeight } from './severity-weight';
import { templateLiveRemediation } from './template-live-remediation';
import { templateSections } from './template-sections';
import { titlePeriod } from './title-period';
import { unknownControlReference } from './unknown-control-reference';

export const SYNTAX_RULES: readonly SyntaxRule[] = [jsonSyntax, noComments, noTrailingCommas, jsonWhitespace, duplicateKey];

export const CONTROL_RULES: readonly ControlRule[] = [
  schema,
  severityWeight,
  idCategory,
  idFilename,
  titlePeriod,
  frameworkReference,
  referenceHttps,
  referenceDuplicate,
  discouragedWords,
  modalVerbs,
  requirementKeyword,
  remediationProseCode,
  automatableManual,
  templateSections,
  templateLiveRemediation,
];

export const CATALOGUE_RULES: readonly CatalogueRule[] = [idDuplicate, unknownControlReference];

/** Rules of the link check, which runs only on request (`control-lint --links`). */
export const LINK_RULES: readonly LinkRule[] = [linkBroken, linkMoved, linkUnverified];

/** Every rule, in the order findings are reported. */
export const RULES: readonly Rule[] = [...SYNTAX_RULES, ...CONTROL_RULES, ...CATALOGUE_RULES, ...LINK_RULES];

export function findRule(id: string): Rule | undefined {
  return RULES.find((rule) => rule.meta.id === id);
}
