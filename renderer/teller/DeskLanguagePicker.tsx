import { languages, type Language } from '../../preload/common/contract';
import { tellerMessages } from '../i18n/tellerMessages';
import { useTellerText } from './tellerText';

/**
 * The teller's own window language (not the customer's): kept with the teller's account by the
 * services, so it follows the teller to the next sign-in. Each language is named in itself.
 */
export function DeskLanguagePicker(props: { language: Language; onChoose: (language: Language) => void }) {
  const t = useTellerText();
  return (
    <label className="desk-language">
      <span>{t.deskLanguage}</span>
      <select value={props.language} onChange={(e) => props.onChoose(e.target.value as Language)} data-testid="desk-language">
        {languages.map((l) => <option key={l} value={l} lang={l}>{tellerMessages[l].languageName}</option>)}
      </select>
    </label>
  );
}
