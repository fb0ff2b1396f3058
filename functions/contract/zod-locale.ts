// zod/mini loads no locale, so its built-in messages would all read "Invalid input". Classic zod
// installs English on first use; this does the same for mini (about 3 KB), so the messages that
// reach API responses and logs ("Too big: expected string to have <=64 characters") stay the
// same. lazySchema (lazy-schema.ts) calls useEnglishMessages when it builds its first schema, so a
// module of lazySchemas brings no zod into a bundle that uses none of them; a module that builds
// schemas itself imports this one for its side effect.
import { useEnglishMessages } from './lazy-schema.js';

useEnglishMessages();
