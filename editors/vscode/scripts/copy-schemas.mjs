// Copies the JSON Schemas of cxlint.yaml and of rule files from the repository's schemas/
// folder into the extension, where package.json's yamlValidation points (YAML editors
// then complete and check those files). A schema not there yet is replaced by one that
// accepts anything, so the extension never points at a missing file.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const from = path.resolve(ext, '../../schemas');
const to = path.join(ext, 'schemas');
fs.mkdirSync(to, { recursive: true });

for (const [name, what] of [
  ['cxlint.schema.json', 'cxlint.yaml'],
  ['rule.schema.json', 'rule files'],
]) {
  const source = path.join(from, name);
  if (fs.existsSync(source)) {
    try {
      JSON.parse(fs.readFileSync(source, 'utf8')); // fail here, not in the editor, on a broken schema
    } catch (err) {
      console.error(`copy-schemas: schemas/${name} is not valid JSON: ${err.message}`);
      process.exit(1);
    }
    fs.copyFileSync(source, path.join(to, name));
    console.log(`copy-schemas: ${name} copied`);
  } else {
    const placeholder = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: `${what} (no schema in this build of the extension)`,
      description: `schemas/${name} was not in the repository when the extension was built; anything is accepted.`,
    };
    fs.writeFileSync(path.join(to, name), JSON.stringify(placeholder, null, 2) + '\n');
    console.log(`copy-schemas: schemas/${name} not found; skipped (the extension accepts any ${what})`);
  }
}
