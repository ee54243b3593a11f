import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  groupPlaceholders,
  placeholderValueProblem,
  type Substitution,
  substitutePlaceholders,
} from '../../../client/src/run/placeholders';
import { analyzeTemplate } from '../../../server/src/core/template';

function substitute(script: string, values: Record<string, string>): Substitution {
  return substitutePlaceholders(script, analyzeTemplate(script).placeholders, new Map(Object.entries(values)));
}

function substituted(script: string, values: Record<string, string>): string {
  const result = substitute(script, values);
  assert.ok('script' in result, `expected a script, got problems ${JSON.stringify(result)}`);
  return result.script;
}

describe('groupPlaceholders', () => {
  it('groups by name in order of appearance', () => {
    const script = [
      "New-AuthServer -Name 'MyADFSServer' -AuthMetadataUrl 'https://<adfs-fqdn>/FederationMetadata.xml'",
      "Set-AuthServer -Identity 'MyADFSServer'",
      'Test-Connection <adfs-fqdn>',
    ].join('\n');
    const groups = groupPlaceholders(analyzeTemplate(script).placeholders);
    assert.deepEqual(groups, [
      { name: 'MyADFSServer', lines: [0, 1] },
      { name: '<adfs-fqdn>', lines: [0, 2] },
    ]);
  });

  it('joins single- and double-quoted samples', () => {
    const groups = groupPlaceholders(analyzeTemplate(`Get-X 'DatabaseName'\nGet-Y "DatabaseName"`).placeholders);
    assert.deepEqual(groups, [{ name: 'DatabaseName', lines: [0, 1] }]);
  });
});

describe('substitutePlaceholders in code', () => {
  it('inserts a single-quoted literal', () => {
    assert.equal(substituted('Get-ExchangeServer -Identity <Server>', { '<Server>': 'ex01' }), "Get-ExchangeServer -Identity 'ex01'");
  });

  it('keeps quotes, $( ) and backticks inert', () => {
    const value = "x'; Remove-Item C:\\ -Recurse; $(whoami) `n #";
    assert.equal(
      substituted('Get-X -Identity <Server>', { '<Server>': value }),
      "Get-X -Identity 'x''; Remove-Item C:\\ -Recurse; $(whoami) `n #'",
    );
  });

  it('replaces every occurrence', () => {
    assert.equal(
      substituted('Get-X <Server>\nGet-Y -Server <Server> -Db <Db>', { '<Server>': 'a', '<Db>': 'b' }),
      "Get-X 'a'\nGet-Y -Server 'a' -Db 'b'",
    );
  });

  it('leaves the text around placeholders unchanged', () => {
    const script = "$x = \"`$keep\" # <Server>\nGet-X <Server> 'plain'";
    assert.equal(substituted(script, { '<Server>': 'ex01' }), "$x = \"`$keep\" # ex01\nGet-X 'ex01' 'plain'");
  });
});

describe('substitutePlaceholders in strings', () => {
  it('doubles quotes inside a quoted sample', () => {
    assert.equal(
      substituted("Set-MailboxDatabase -Identity 'DatabaseName' -X 1", { DatabaseName: "DB 01'; Remove-Item C:\\ #" }),
      "Set-MailboxDatabase -Identity 'DB 01''; Remove-Item C:\\ #' -X 1",
    );
  });

  it('doubles quotes inside a single-quoted string', () => {
    assert.equal(
      substituted("Get-X -Url 'https://<adfs-fqdn>/Fed'", { '<adfs-fqdn>': "a\u2019b'c" }),
      "Get-X -Url 'https://a\u2019\u2019b''c/Fed'",
    );
  });

  it('escapes with backticks inside a double-quoted string', () => {
    assert.equal(
      substituted('Get-X -Uri "http://<Server>/PowerShell/"', { '<Server>': 'x$(y)"z`' }),
      'Get-X -Uri "http://x`$(y)`"z``/PowerShell/"',
    );
  });

  it('escapes a double-quoted sample', () => {
    assert.equal(substituted('Get-X "DatabaseName"', { DatabaseName: '$db' }), 'Get-X "`$db"');
  });

  it('treats a subexpression as code', () => {
    assert.equal(substituted('"Name: $(Get-X <Server>)"', { '<Server>': 'a"b' }), '"Name: $(Get-X \'a"b\')"');
  });
});

describe('substitutePlaceholders in here-strings and comments', () => {
  it('inserts as it is into a single-quoted here-string', () => {
    assert.equal(substituted("$a = @'\nhost <Server>\n'@", { '<Server>': "it's" }), "$a = @'\nhost it's\n'@");
  });

  it('rejects a value that would end a here-string', () => {
    const result = substitute("$a = @'\n<Server>\n'@", { '<Server>': "'@; Remove-Item C:\\" });
    assert.deepEqual(result, { problems: ['<Server> on line 2: The value would start its line with the end of the here-string around it.'] });
  });

  it('escapes in a double-quoted here-string', () => {
    assert.equal(substituted('$a = @"\nhost <Server>\n"@', { '<Server>': '$x' }), '$a = @"\nhost `$x\n"@');
  });

  it('rejects #> in a block comment', () => {
    const result = substitute('Get-X <# on <Server> #> -A 1', { '<Server>': 'a #> Remove-Item x <#' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /contains #>/);
  });
});

describe('substitutePlaceholders after uncertain readings', () => {
  const hostile = "x'; Write-Host INJECTED; '";

  it('quotes after a comment that a lone CR ends', () => {
    assert.equal(substituted('Get-Mailbox # note\r-Identity <Server>\n', { '<Server>': hostile }), "Get-Mailbox # note\r-Identity 'x''; Write-Host INJECTED; '''\n");
  });

  it('quotes after a here-string that ends after a lone CR', () => {
    const script = "$t = @'\nline\r'@; Set-Thing -Name <Server>\n";
    assert.equal(substituted(script, { '<Server>': hostile }), "$t = @'\nline\r'@; Set-Thing -Name 'x''; Write-Host INJECTED; '''\n");
  });

  it('rejects code characters after =#', () => {
    const result = substitute('Set-Thing -Filter Name=#<Server>\n', { '<Server>': 'x;Write-Host INJECTED' });
    assert.deepEqual(result, {
      problems: [
        '<Server> on line 1: PowerShell may read the # on line 1 as text or as the start of a comment, so a value after it may contain only letters, digits and . _ - \\ / : @, and may not start with - or @.',
      ],
    });
  });

  it('quotes an inert value after =#', () => {
    assert.equal(substituted('Set-Thing -Filter Name=#<Server>\n', { '<Server>': 'ex01.contoso.com' }), "Set-Thing -Filter Name=#'ex01.contoso.com'\n");
  });

  it('rejects code characters on later lines', () => {
    const result = substitute("Set-X -Body=@'\nx\n'@\nGet-X -Identity <Server>", { '<Server>': 'a b' });
    assert.deepEqual(result, {
      problems: [
        "<Server> on line 4: PowerShell may read the @' on line 1 as text or as the start of a here-string, so a value after it may contain only letters, digits and . _ - \\ / : @, and may not start with - or @.",
      ],
    });
  });

  it('leaves placeholders before it alone', () => {
    assert.equal(substituted('Get-X <Server> a#b', { '<Server>': 'a b' }), "Get-X 'a b' a#b");
  });

  it('rejects a placeholder after a backtick', () => {
    const result = substitute('Write-Output `<Server>', { '<Server>': "$(Write-Host INJECTED)'" });
    assert.deepEqual(result, { problems: ['<Server> on line 1: A backtick before the placeholder would escape the first character of the value.'] });
  });

  it('accepts a placeholder after an escaped backtick', () => {
    assert.equal(substituted('Write-Output ``<Server>', { '<Server>': 'a' }), "Write-Output ``'a'");
  });
});

describe('substitutePlaceholders at context edges', () => {
  it('rejects a $ before the placeholder', () => {
    const cases: Array<[script: string, line: number]> = [
      ['Write-Host "$<A>"', 1],
      ['$t = @"\n$<A>\n"@', 2],
      ['Write-Host $<A>', 1],
    ];
    for (const [script, line] of cases) {
      assert.deepEqual(substitute(script, { '<A>': '(calc)' }), {
        problems: [`<A> on line ${line}: A $ before the placeholder would make the value part of a variable name or subexpression.`],
      });
    }
  });

  it('rejects #> formed with the comment', () => {
    const ending = '<N> on line 1: The value would form #> with the text around it, which would end the comment around it.';
    assert.deepEqual(substitute('Get-Item x <# item #<N> #>', { '<N>': '>; calc' }), { problems: [ending] });
    assert.deepEqual(substitute('Get-X <# see <N>> Remove-Item y #>', { '<N>': 'a#' }), { problems: [ending] });
  });

  it('rejects a here-string end formed with the line', () => {
    const ending = '<A> on line 2: The value would start its line with the end of the here-string around it.';
    assert.deepEqual(substitute("$t = @'\n'<A>\n'@", { '<A>': '@; calc' }), { problems: [ending] });
    assert.deepEqual(substitute('$t = @"\n"<A>\n"@', { '<A>': '@; calc' }), { problems: [ending] });
    assert.deepEqual(substitute("$t = @'\n<A>@ x\n'@", { '<A>': "'" }), { problems: [ending] });
  });

  it('rejects a placeholder in a braced variable', () => {
    assert.deepEqual(substitute('Write-Host ${<A>}', { '<A>': 'a}; calc #' }), {
      problems: ['<A> on line 1: The placeholder is inside a ${...} variable name, where a value cannot be quoted.'],
    });
  });

  it('reads quotes in a braced variable as its name', () => {
    assert.equal(substituted("${x'} = 1; Write-Host <A>; 'y'", { '<A>': 'calc' }), "${x'} = 1; Write-Host 'calc'; 'y'");
  });

  it('accepts only inert values after --%', () => {
    assert.equal(substituted('icacls.exe --% <A> /grant', { '<A>': 'C:\\Data' }), 'icacls.exe --% C:\\Data /grant');
    assert.deepEqual(substitute('icacls.exe --% "<A>"\nGet-X <B>', { '<A>': 'x" | calc #', '<B>': 'a b' }), {
      problems: [
        '<A> on line 1: PowerShell passes the text after the --% on line 1 on unparsed, up to a | that may end it, so a value after it may contain only letters, digits and . _ - \\ / : @, and may not start with - or @.',
        '<B> on line 2: PowerShell passes the text after the --% on line 1 on unparsed, up to a | that may end it, so a value after it may contain only letters, digits and . _ - \\ / : @, and may not start with - or @.',
      ],
    });
  });

  it('rejects code characters after # behind U+FEFF', () => {
    const result = substitute('Get-X a\uFEFF#b <A>', { '<A>': 'x; calc' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /^<A> on line 1: PowerShell may read the # on line 1 as text or as the start of a comment/);
  });
});

describe('substitutePlaceholders and PowerShell parsing modes', () => {
  const RESTRICTED = 'may contain only letters, digits and . _ - \\ / : @, and may not start with - or @.';

  it('rejects the value --%', () => {
    const result = substitute('Set-Mailbox -Identity <M> -DisplayName <D>', { '<M>': '--%', '<D>': 'x | calc.exe #' });
    assert.deepEqual(result, { problems: ['<M> on line 1: The value --% would make PowerShell stop parsing the rest of the line.'] });
  });

  it('rejects values that form --% with the template', () => {
    const formed = 'The value would form --% with the text around it, which would make PowerShell stop parsing the rest of the line.';
    assert.deepEqual(substitute("Set-X -Name '-<A>' -Other <B>", { '<A>': '-%', '<B>': 'x' }), { problems: [`<A> on line 1: ${formed}`] });
    assert.deepEqual(substitute('mytool.exe --<Option> <Target>', { '<Option>': '%', '<Target>': 'x | calc.exe #' }), { problems: [`<Option> on line 1: ${formed}`] });
  });

  it('quotes a value in a comment that may be code', () => {
    assert.equal(substituted('Write-Output Color=#1; <Command>', { '<Command>': 'calc.exe' }), "Write-Output Color=#1; 'calc.exe'");
    assert.deepEqual(substitute('Write-Output Color=#1; <Command>', { '<Command>': '-ResultSize:Unlimited' }), {
      problems: [`<Command> on line 1: PowerShell may read the # on line 1 as text or as the start of a comment, so a value after it ${RESTRICTED}`],
    });
  });

  it('ends the text after --% at | and &&', () => {
    assert.equal(substituted('icacls.exe --% C:\\Data /grant Users:F | <Filter>', { '<Filter>': 'calc.exe' }), "icacls.exe --% C:\\Data /grant Users:F | 'calc.exe'");
    assert.equal(substituted('iisreset.exe --% /noforce && <Next>', { '<Next>': 'calc.exe' }), "iisreset.exe --% /noforce && 'calc.exe'");
    assert.equal(substituted('icacls.exe --% "a | <A>"', { '<A>': 'x' }), 'icacls.exe --% "a | x"');
  });

  it('notes a here-string header with other blanks', () => {
    const result = substitute('$body = @"\u00a0\nServer: "<Server>"\n"@', { '<Server>': '$(calc.exe)' });
    assert.deepEqual(result, { problems: [`<Server> on line 2: PowerShell may read the @" on line 1 as text or as the start of a here-string, so a value after it ${RESTRICTED}`] });
  });

  it('checks two placeholders side by side', () => {
    assert.deepEqual(substitute("$t = @'\n<Prefix><Suffix>\n'@", { '<Prefix>': "'", '<Suffix>': "@; calc.exe; @'" }), {
      problems: ['<Suffix> on line 2: The value would start its line with the end of the here-string around it.'],
    });
    assert.deepEqual(substitute('Get-Mailbox <# owner: <First><Last> #>', { '<First>': 'a#', '<Last>': '>; calc.exe <#' }), {
      problems: ['<Last> on line 1: The value would form #> with the text around it, which would end the comment around it.'],
    });
  });

  it('refuses a template that ends inside a string', () => {
    const script = '$body = @"\nMailbox report `\n"@\nGet-Mailbox -Identity <Mailbox>\n"@';
    assert.deepEqual(substitute(script, { '<Mailbox>': 'ex01' }), {
      problems: ['The template ends inside an open string, here-string, comment or variable name, so its placeholders cannot be filled in safely.'],
    });
  });

  it('notes # after a loop label', () => {
    const template = ':outer foreach ($db in $dbs) {\n  break outer#it\'s found\n}\nSet-Mailbox -Identity <Mailbox>';
    const result = substitute(template, { '<Mailbox>': 'x; calc.exe #' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /ends inside an open string|may read the # on line 2/);
  });

  it('rejects a value that continues a variable name', () => {
    const continued = 'The value would continue the name of the variable before the placeholder.';
    assert.deepEqual(substitute('Write-Host "$prefix<Number>"', { '<Number>': '_secret' }), { problems: [`<Number> on line 1: ${continued}`] });
    assert.deepEqual(substitute('Write-Host "$env:<Variable>"', { '<Variable>': 'USERPROFILE' }), { problems: [`<Variable> on line 1: ${continued}`] });
    assert.equal(substituted('Write-Host "$prefix <Number>"', { '<Number>': '_secret' }), 'Write-Host "$prefix _secret"');
  });

  it('limits values inside $( )', () => {
    assert.deepEqual(substitute('Write-Host "Mailbox: $(Get-Mailbox -Identity "<Mailbox>")"', { '<Mailbox>': 'a"; calc.exe; "b' }), {
      problems: ['<Mailbox> on line 1: Inside $( ), PowerShell removes the escapes of a double-quoted string before it reads it, so the value may not contain ", ` or $.'],
    });
    assert.deepEqual(substitute('Write-Output Size:$(Get-X <A>)', { '<A>': 'a) ; calc.exe; (b' }), {
      problems: ['<A> on line 1: Inside $( ), PowerShell finds the end by counting parentheses, so each ( in the value needs a ) after it, and each ) a ( before it.'],
    });
    assert.equal(substituted('Write-Host "Size: $((Get-MailboxDatabase "DatabaseName").DatabaseSize)"', { DatabaseName: "Mailbox O'Brien 01" }), 'Write-Host "Size: $((Get-MailboxDatabase "Mailbox O\'Brien 01").DatabaseSize)"');
  });

  it('accepts balanced parentheses inside $( )', () => {
    const template = 'Write-Host "Size: $((Get-MailboxDatabase \'<Db>\').DatabaseSize)"';
    assert.equal(substituted(template, { '<Db>': 'Mailbox Database (EU)' }), 'Write-Host "Size: $((Get-MailboxDatabase \'Mailbox Database (EU)\').DatabaseSize)"');
  });

  it('notes a parenthesis in a string inside $( )', () => {
    const template = '$label = "Database $($db.Name.Split(\'(\')[0])"\nSet-MailboxDatabase -Identity <Db> -IssueWarningQuota 9GB';
    assert.deepEqual(substitute(template, { '<Db>': ')"; Write-Host INJECTED; #' }), {
      problems: [`<Db> on line 2: Inside $( ) PowerShell counts the ( on line 1 although it is in a string or comment, so a value after it ${RESTRICTED}`],
    });
  });

  it('refuses an escaped quote in a here-string inside $( )', () => {
    const template = 'Write-Host "Report: $(@"\n<Body>\n"@)"';
    const result = substitute(template, { '<Body>': '"@; Write-Host INJECTED; @"' });
    assert.ok('problems' in result);
    assert.deepEqual(result.problems, ['<Body> on line 2: Inside $( ), PowerShell removes the escapes of a double-quoted string before it reads it, so the value may not contain ", ` or $.']);
  });

  it('reads a # after an escaped blank as part of a word', () => {
    const result = substitute('Write-Output Step` #1 <Server>', { '<Server>': 'ex01; calc.exe' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /^<Server> on line 1: PowerShell may read the # on line 1 as text/);
  });

  it('rejects a value that makes a #requires comment', () => {
    assert.deepEqual(substitute('Get-Service W3SVC #<Note>', { '<Note>': 'requires -Version 99' }), {
      problems: ['<Note> on line 1: The value would make the comment a #requires statement.'],
    });
    assert.equal(substituted('Get-Service W3SVC # <Note>', { '<Note>': 'checked' }), 'Get-Service W3SVC # checked');
  });

  it('reads @" after $name= as a here-string', () => {
    assert.equal(substituted('$body=@"\nDear <Name>,\n"@', { '<Name>': "Sean O'Brien" }), '$body=@"\nDear Sean O\'Brien,\n"@');
  });

  it('notes "" and `" inside $( ) in a string', () => {
    const quoted = (pair: string): string =>
      `<Mailbox> on line 1: Inside $( ) PowerShell reads the ${pair} on line 1 as one quotation mark, so a value after it ${RESTRICTED}`;
    const doubled = 'Write-Host "Name: $(Get-Mailbox -Identity ""<Mailbox>"" | Select-Object -ExpandProperty DisplayName)"';
    assert.deepEqual(substitute(doubled, { '<Mailbox>': 'x"; Write-Host INJECTED; "y' }), { problems: [quoted('""')] });
    const escaped = 'Write-Host "Name: $(Get-Mailbox -Identity `"<Mailbox>`")"';
    assert.deepEqual(substitute(escaped, { '<Mailbox>': 'x"; Write-Host INJECTED; "y' }), { problems: [quoted('`"')] });
    const tripled = 'Write-Host "Owner: $(Get-Owner -Name """<Mailbox>""")"';
    assert.deepEqual(substitute(tripled, { '<Mailbox>': 'x; Write-Host INJECTED; y' }), { problems: [quoted('""')] });
    assert.equal(substituted(doubled, { '<Mailbox>': 'ex01' }), doubled.replace('<Mailbox>', "'ex01'"));
  });

  it('allows parentheses in an ordinary $( )', () => {
    const template = "$size = $(Get-MailboxDatabase '<Db>').DatabaseSize";
    assert.equal(substituted(template, { '<Db>': 'DB01 (archive)' }), "$size = $(Get-MailboxDatabase 'DB01 (archive)').DatabaseSize");
  });

  it('reads `$ as a plain dollar sign', () => {
    assert.equal(substituted('Write-Host "Cost: `$<Amount>"', { '<Amount>': '100' }), 'Write-Host "Cost: `$100"');
  });

  it('refuses templates that run text as code', () => {
    const cases: Array<[template: string, found: string]> = [
      ['Invoke-Expression "Get-Mailbox <A>"', 'Invoke-Expression'],
      ['$c = "Get-X <A>"\niex $c', 'iex'],
      ['[ScriptBlock]::Create("Get-X <A>")', 'ScriptBlock]::Create'],
      ['cmd.exe /c "dir <A>"', 'cmd.exe /c'],
      ['pwsh -NoProfile -Command "Get-X <A>"', 'pwsh'],
      ["Start-Process powershell.exe -ArgumentList '-Command Get-X <A>'", 'powershell.exe'],
      ["$ExecutionContext.InvokeCommand.ExpandString('Mailbox: <A>')", 'ExpandString'],
      ['[powershell]::Create().AddScript("Get-X <A>").Invoke()', 'powershell'],
    ];
    for (const [template, found] of cases) {
      const line = template.includes('\n') ? 2 : 1;
      assert.deepEqual(substitute(template, { '<A>': 'ex01' }), {
        problems: [`The template runs text as code (${found} on line ${line}), so a value could run as code there; fill in this template by hand.`],
      }, template);
    }
  });

  it('limits values in $( ) inside an argument word', () => {
    const result = substitute('Write-Output Name=$(Get-Item "<Server>")', { '<Server>': 'x"; calc.exe; "y' });
    assert.deepEqual(result, { problems: ['<Server> on line 1: Inside $( ), PowerShell removes the escapes of a double-quoted string before it reads it, so the value may not contain ", ` or $.'] });
  });

  it('notes a backtick run before a quote inside $( )', () => {
    const result = substitute('Write-Host "Name: $(Write-Output ``"<Name>``")"', { '<Name>': 'x; calc.exe; Write-Output y' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /^<Name> on line 1: Inside \$\( \) PowerShell reads the `" on line 1 as one quotation mark/);
  });

  it('refuses a placeholder in a string after an uncertain place', () => {
    const result = substitute("Write-Output 'Checking'#it's quick\n<Command>\n# that's all", { '<Command>': 'tool.exe' });
    assert.deepEqual(result, { problems: ['<Command> on line 2: PowerShell may read the # on line 1 as text or as the start of a comment, so a placeholder after it cannot be inside a string.'] });
  });

  it('accepts harmless mentions of evaluators', () => {
    assert.equal(substituted('Add-Type -AssemblyName System.Web\nGet-X <A>', { '<A>': 'ex01' }), "Add-Type -AssemblyName System.Web\nGet-X 'ex01'");
    assert.equal(substituted('# Do not pipe this to iex.\nGet-X <A>', { '<A>': 'ex01' }), "# Do not pipe this to iex.\nGet-X 'ex01'");
    assert.equal(substituted('Write-Host "Run in PowerShell"\nGet-X <A>', { '<A>': 'ex01' }), "Write-Host \"Run in PowerShell\"\nGet-X 'ex01'");
    assert.equal(substituted('Set-X -Note <A>', { '<A>': 'load --% 80' }), "Set-X -Note 'load --% 80'");
  });

  it('notes # after $( ) in a word', () => {
    const result = substitute('Write-Output Report-$(Get-Date -Format yyyy)#<Note>', { '<Note>': '1; Write-Host INJECTED' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /^<Note> on line 1: PowerShell may read the # on line 1 as text or as the start of a comment/);
  });

  it('notes # after a member of a string', () => {
    const result = substitute("$count = 'a b'.Length#it's the word count\nWrite-Output <Server>\n# '", { '<Server>': 'ex01; Write-Host INJECTED' });
    assert.ok('problems' in result);
    assert.match(result.problems[0] ?? '', /^<Server> on line 2: PowerShell may read the # on line 1/);
  });

  it('notes --% written in other ways', () => {
    for (const template of ["icacls.exe '--%' <A>", 'icacls.exe "--%" <A>', 'icacls.exe \u2013-% <A>', 'icacls.exe `--% <A>']) {
      const result = substitute(template, { '<A>': 'x | calc.exe #' });
      assert.ok('problems' in result, template);
      assert.match(result.problems[0] ?? '', /the --% on line 1|would change how PowerShell reads/, template);
    }
  });
});

describe('substitutePlaceholders problems', () => {
  it('lists missing values', () => {
    const result = substitute('Get-X <Server>\nGet-Y <Db>', { '<Server>': 'a' });
    assert.deepEqual(result, { problems: ['<Db> on line 2: No value was entered.'] });
  });

  it('rejects empty and multi-line values', () => {
    assert.deepEqual(substitute('Get-X <Server>', { '<Server>': '  ' }), { problems: ['<Server> on line 1: The value is empty.'] });
    const multiLine = substitute('Get-X <Server>', { '<Server>': 'a\nRemove-Item x' });
    assert.ok('problems' in multiLine);
    assert.match(multiLine.problems[0] ?? '', /line break/);
  });

  it('rejects a placeholder as value', () => {
    assert.equal(placeholderValueProblem('<Server>'), 'The value <Server> is still a placeholder.');
  });

  it('accepts an ordinary value', () => {
    assert.equal(placeholderValueProblem('ex01.contoso.com'), undefined);
  });
});
