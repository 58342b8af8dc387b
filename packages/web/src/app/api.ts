import { createDocketClient } from '@docket/client';

/** The console's one API client: same origin, session cookie, CSRF header, problems thrown. */
export const api = createDocketClient();
