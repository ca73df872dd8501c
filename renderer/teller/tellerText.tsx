import { createContext, useContext } from 'react';
import type { Language } from '../../preload/common/contract';
import { format } from '../i18n/customerMessages';
import { tellerMessages, type TellerMessages } from '../i18n/tellerMessages';

/** The teller window's words, in the signed-in teller's language (English until one is known). */
export const TellerText = createContext<TellerMessages>(tellerMessages.en);

export const useTellerText = (): TellerMessages => useContext(TellerText);

export { format };

/** The language the sign-in screen speaks: the last teller's at this browser (nobody is signed in yet). */
const storageKey = 'signing-station.desk-language';
export function lastDeskLanguage(): Language {
  try {
    const l = localStorage.getItem(storageKey);
    return l && l in tellerMessages ? (l as Language) : 'en';
  } catch {
    return 'en';
  }
}
export function rememberDeskLanguage(language: Language): void {
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // A browser without storage only forgets the choice for the sign-in screen.
  }
}
