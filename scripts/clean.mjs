// Removes build output so that deleted sources leave no stale compiled files behind.
import { rmSync } from 'node:fs';

for (const folder of ['out', 'dist']) rmSync(folder, { recursive: true, force: true });
