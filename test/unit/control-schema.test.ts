import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import controlSchema from '../../schemas/control.schema.json';

// The lint core compiles this schema without checking it against the
// meta-schema, to start faster, so the check is made here.
describe('control schema', () => {
  it('passes the draft 2020-12 meta-schema', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
    addFormats(ajv, ['uri']);
    const valid = ajv.validateSchema(controlSchema);
    assert.equal(valid, true, ajv.errorsText(ajv.errors));
  });

  it('compiles in strict mode', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
    addFormats(ajv, ['uri']);
    assert.doesNotThrow(() => ajv.compile(controlSchema));
  });
});
