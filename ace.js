/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
| Registers the TypeScript loader (so `node ace` runs the sources directly)
| and hands over to bin/console.ts.
*/
import 'ts-node-maintained/register/esm'
await import('./bin/console.js')
