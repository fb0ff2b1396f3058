// MailJob's zod schema on its own, for a dynamic import (mail-job-check.ts): esbuild keeps every
// export of a module imported dynamically, and mail-job.ts also carries what the mailer's init uses.
export { MailJob } from './mail-job.js';
