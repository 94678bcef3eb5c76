/**
 * The repository's root folder, as a URL ending in `/`, wherever the code runs from: this file under `src/`
 * (tsx), or the one-file CLI bundle under `dist/` that the tests spawn (tests/support/cli.ts). Files the
 * program reads from the checkout (migrations, reference data, the built web app) are found from here.
 */
export const ROOT_URL = new URL('../', import.meta.url);
