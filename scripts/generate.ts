/** The one writer of generated files: `npm run generate`. Unchanged files are left untouched. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { generatedFiles } from './lib/generated-files.ts';
import { repoRoot } from './lib/paths.ts';

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

for (const file of await generatedFiles()) {
  const target = repoRoot + file.path;
  if ((await readIfPresent(target)) === file.content) {
    console.log(`unchanged ${file.path}`);
    continue;
  }
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, file.content);
  console.log(`wrote ${file.path}`);
}
