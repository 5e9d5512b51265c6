/** Where things are in the repository, independent of the working directory. */
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** now-sdk build output of the ServiceNow app. */
export const builtAppDir = repoRoot + 'servicenow/dist/app';
