import type { RawFinding } from '../types';
import { proseFields } from './prose';
import { type ControlContext, type ControlRule, inString } from './rule';

// PowerShell's approved verbs, as Get-Verb lists them.
const VERBS =
  'Add|Approve|Assert|Backup|Block|Build|Checkpoint|Clear|Close|Compare|Complete|Compress|Confirm|Connect|' +
  'Convert|ConvertFrom|ConvertTo|Copy|Debug|Deny|Deploy|Disable|Disconnect|Dismount|Edit|Enable|Enter|Exit|' +
  'Expand|Export|Find|Format|Get|Grant|Group|Hide|Import|Initialize|Install|Invoke|Join|Limit|Lock|Measure|' +
  'Merge|Mount|Move|New|Open|Optimize|Out|Ping|Pop|Protect|Publish|Push|Read|Receive|Redo|Register|Remove|' +
  'Rename|Repair|Request|Reset|Resize|Resolve|Restart|Restore|Resume|Revoke|Save|Search|Select|Send|Set|' +
  'Show|Skip|Split|Start|Step|Stop|Submit|Suspend|Switch|Sync|Test|Trace|Unblock|Undo|Uninstall|Unlock|' +
  'Unprotect|Unpublish|Unregister|Update|Use|Wait|Watch|Write';
const CMDLET = new RegExp(`(?<![\\w-])(?:${VERBS})-[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*(?![\\w-])`, 'g');

// Every match of CMDLET has a hyphen followed by a capital letter, so a text
// without one is not searched.
const HYPHEN_CAPITAL = /-[A-Z]/;

// English compounds that look like Verb-Noun but name no cmdlet.
const ENGLISH = new Set(['read-only', 'set-up', 'step-up', 'copy-paste', 'send-as', 'add-on', 'add-in', 'push-button', 'lock-out', 'start-up']);

export const remediationProseCode: ControlRule = {
  meta: {
    id: 'remediation-prose-code',
    description: 'remediation.description explains the fix in words; cmdlets belong in the script template.',
    severity: 'warning',
    fixable: false,
    kind: 'control',
  },
  check(context: ControlContext): RawFinding[] {
    const findings: RawFinding[] = [];
    for (const field of proseFields(context, [['remediation', 'description']])) {
      if (!HYPHEN_CAPITAL.test(field.text)) continue;
      for (const match of field.text.matchAll(CMDLET)) {
        if (ENGLISH.has(match[0].toLowerCase())) continue;
        const start = match.index ?? 0;
        const message = `Cmdlet ${match[0]} in remediation.description; describe the step in words and keep commands in scriptTemplate`;
        findings.push(inString(context, field.node, start, start + match[0].length, 'remediation-prose-code', message));
      }
    }
    return findings;
  },
};
