/** The one writer of generated files: `npm run generate`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generatedFiles } from './lib/generated-files.ts';
import { repoRoot } from './lib/paths.ts';

for (const file of await generatedFiles()) {
  const target = repoRoot + file.path;
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  console.log(`wrote ${file.path}`);
}
