import { createContext, useContext } from 'react';
import { format } from '../i18n/customerMessages';
import { tellerMessages, type TellerMessages } from '../i18n/tellerMessages';

/** The teller window's words, in the signed-in teller's language (English until one is known). */
export const TellerText = createContext<TellerMessages>(tellerMessages.en);

export const useTellerText = (): TellerMessages => useContext(TellerText);

export { format };
