// Declares the schema's editor annotations for ajv-cli (`-c bench/ajv-keywords.cjs`),
// so that ajv's strict mode accepts them as the lint core's validator does.
module.exports = function addAnnotationKeywords(ajv) {
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions']);
};
