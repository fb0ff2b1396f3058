// zod/mini loads no locale, so its built-in messages would all read "Invalid input". Classic zod
// installs English on first use; this does the same for mini (about 3 KB), so the messages that
// reach API responses and logs ("Too big: expected string to have <=64 characters") stay the
// same. Every module that builds schemas imports this for its side effect.
import * as z from 'zod/mini';
import { en } from 'zod/locales';

if (!z.config().localeError) z.config(en());
