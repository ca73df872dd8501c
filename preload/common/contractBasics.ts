import { z } from 'zod';

/** The words every part of the contract shares: the window roles, the languages, an id. */

export const windowRoles = ['teller', 'customer'] as const;
export type WindowRole = (typeof windowRoles)[number];

export const languages = ['en', 'sv', 'lt', 'de'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

/** An id that crosses the contract (documents, requests). */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
