import type { Language } from '../../preload/common/contract';

/** The customer's screen in every supported language. Keys are checked by TypeScript: a missing translation does not compile. */
const en = {
  languageName: 'English',
  welcome: 'Welcome',
  idleHint: 'Your adviser will show your document here.',
  readTitle: 'Please read your document',
  readHint: 'Scroll through all pages. Tap "Continue" when you are ready.',
  readToEnd: 'Please scroll to the last page first.',
  continue: 'Continue',
  consentTitle: 'Before you sign',
  consentBody:
    'When you sign here, we record your handwritten signature and how you write it: the pen\'s position, pressure, angle and timing. These are biometric data. We use them only to prove that you signed this document if that is ever disputed. They are sealed inside the signed document and can be opened only by an independent examiner. We keep the signed document as long as the law and your contract require. You may ask to see your data or, where the law allows, have them erased. Ask your adviser for our full privacy notice.',
  agree: 'I agree — continue to sign',
  decline: 'I do not agree',
  signTitle: 'Please sign in the box',
  signingFor: 'You are signing: {title}, as {name}',
  clear: 'Clear',
  done: 'Done',
  sealing: 'Saving your signed document…',
  thanks: 'Thank you!',
  thanksHint: 'Your document is signed. Your adviser will give you a copy.',
  penUnplugged: 'The pen is disconnected. Your adviser will reconnect it.',
  penLeftBox: 'Please keep the pen inside the box.',
  sealingFailed: 'Something went wrong while saving. Please wait for your adviser.',
  cancel: 'Cancel',
  page: 'Page {page} of {pages}',
  zoomIn: 'Larger text',
  zoomOut: 'Smaller text',
  disconnected: 'Connecting to the station…',
};

export type CustomerMessages = typeof en;

const sv: CustomerMessages = {
  languageName: 'Svenska',
  welcome: 'Välkommen',
  idleHint: 'Din rådgivare visar ditt dokument här.',
  readTitle: 'Läs igenom ditt dokument',
  readHint: 'Bläddra igenom alla sidor. Tryck på "Fortsätt" när du är klar.',
  readToEnd: 'Bläddra först fram till sista sidan.',
  continue: 'Fortsätt',
  consentTitle: 'Innan du skriver under',
  consentBody:
    'När du skriver under här registrerar vi din namnteckning och hur du skriver den: pennans position, tryck, vinkel och tid. Det är biometriska uppgifter. Vi använder dem bara för att visa att du skrev under detta dokument om det någon gång ifrågasätts. De förseglas i det undertecknade dokumentet och kan bara öppnas av en oberoende granskare. Vi sparar dokumentet så länge lagen och ditt avtal kräver. Du kan begära att få se dina uppgifter eller, där lagen tillåter, få dem raderade. Be din rådgivare om vår fullständiga integritetsinformation.',
  agree: 'Jag godkänner — fortsätt till underskrift',
  decline: 'Jag godkänner inte',
  signTitle: 'Skriv under i rutan',
  signingFor: 'Du skriver under: {title}, som {name}',
  clear: 'Rensa',
  done: 'Klar',
  sealing: 'Ditt undertecknade dokument sparas…',
  thanks: 'Tack!',
  thanksHint: 'Ditt dokument är underskrivet. Din rådgivare ger dig en kopia.',
  penUnplugged: 'Pennan är frånkopplad. Din rådgivare ansluter den igen.',
  penLeftBox: 'Håll pennan inom rutan.',
  sealingFailed: 'Något gick fel när dokumentet sparades. Vänta på din rådgivare.',
  cancel: 'Avbryt',
  page: 'Sida {page} av {pages}',
  zoomIn: 'Större text',
  zoomOut: 'Mindre text',
  disconnected: 'Ansluter till stationen…',
};

const lt: CustomerMessages = {
  languageName: 'Lietuvių',
  welcome: 'Sveiki',
  idleHint: 'Jūsų konsultantas čia parodys jūsų dokumentą.',
  readTitle: 'Perskaitykite savo dokumentą',
  readHint: 'Peržiūrėkite visus puslapius. Kai būsite pasiruošę, spauskite „Tęsti“.',
  readToEnd: 'Pirmiausia slinkite iki paskutinio puslapio.',
  continue: 'Tęsti',
  consentTitle: 'Prieš pasirašydami',
  consentBody:
    'Kai pasirašote čia, įrašome jūsų parašą ir tai, kaip jį rašote: rašiklio padėtį, spaudimą, kampą ir laiką. Tai biometriniai duomenys. Juos naudojame tik tam, kad įrodytume, jog šį dokumentą pasirašėte jūs, jei tai kada nors būtų ginčijama. Jie užsandarinami pasirašytame dokumente ir juos gali atverti tik nepriklausomas ekspertas. Dokumentą saugome tiek, kiek reikalauja įstatymai ir jūsų sutartis. Galite prašyti susipažinti su savo duomenimis arba, kai leidžia įstatymai, juos ištrinti. Paprašykite konsultanto visos privatumo informacijos.',
  agree: 'Sutinku — tęsti pasirašymą',
  decline: 'Nesutinku',
  signTitle: 'Pasirašykite langelyje',
  signingFor: 'Pasirašote: {title}, kaip {name}',
  clear: 'Išvalyti',
  done: 'Baigta',
  sealing: 'Išsaugomas jūsų pasirašytas dokumentas…',
  thanks: 'Ačiū!',
  thanksHint: 'Jūsų dokumentas pasirašytas. Konsultantas duos jums kopiją.',
  penUnplugged: 'Rašiklis atjungtas. Konsultantas jį vėl prijungs.',
  penLeftBox: 'Laikykite rašiklį langelio viduje.',
  sealingFailed: 'Išsaugant įvyko klaida. Palaukite konsultanto.',
  cancel: 'Atšaukti',
  page: '{page} puslapis iš {pages}',
  zoomIn: 'Didesnis tekstas',
  zoomOut: 'Mažesnis tekstas',
  disconnected: 'Jungiamasi prie stoties…',
};

const de: CustomerMessages = {
  languageName: 'Deutsch',
  welcome: 'Willkommen',
  idleHint: 'Ihre Beraterin oder Ihr Berater zeigt Ihr Dokument hier an.',
  readTitle: 'Bitte lesen Sie Ihr Dokument',
  readHint: 'Blättern Sie durch alle Seiten. Tippen Sie auf „Weiter“, wenn Sie bereit sind.',
  readToEnd: 'Bitte blättern Sie zuerst bis zur letzten Seite.',
  continue: 'Weiter',
  consentTitle: 'Bevor Sie unterschreiben',
  consentBody:
    'Wenn Sie hier unterschreiben, erfassen wir Ihre Unterschrift und wie Sie sie schreiben: Position, Druck, Winkel und Zeitverlauf des Stifts. Das sind biometrische Daten. Wir verwenden sie nur, um nachzuweisen, dass Sie dieses Dokument unterschrieben haben, falls dies je bestritten wird. Sie werden im unterschriebenen Dokument versiegelt und können nur von einem unabhängigen Sachverständigen geöffnet werden. Wir bewahren das Dokument so lange auf, wie Gesetz und Vertrag es verlangen. Sie können Auskunft über Ihre Daten verlangen oder, soweit gesetzlich zulässig, deren Löschung. Fragen Sie nach unseren vollständigen Datenschutzhinweisen.',
  agree: 'Ich stimme zu — weiter zur Unterschrift',
  decline: 'Ich stimme nicht zu',
  signTitle: 'Bitte unterschreiben Sie im Feld',
  signingFor: 'Sie unterschreiben: {title}, als {name}',
  clear: 'Löschen',
  done: 'Fertig',
  sealing: 'Ihr unterschriebenes Dokument wird gespeichert…',
  thanks: 'Vielen Dank!',
  thanksHint: 'Ihr Dokument ist unterschrieben. Sie erhalten eine Kopie.',
  penUnplugged: 'Der Stift ist nicht verbunden. Ihre Beraterin oder Ihr Berater schließt ihn wieder an.',
  penLeftBox: 'Bitte bleiben Sie mit dem Stift im Feld.',
  sealingFailed: 'Beim Speichern ist ein Fehler aufgetreten. Bitte warten Sie.',
  cancel: 'Abbrechen',
  page: 'Seite {page} von {pages}',
  zoomIn: 'Größere Schrift',
  zoomOut: 'Kleinere Schrift',
  disconnected: 'Verbindung zur Station wird hergestellt…',
};

export const customerMessages: Record<Language, CustomerMessages> = { en, sv, lt, de };

export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k) => String(values[k] ?? ''));
}
