import type { Language } from '../../preload/common/contract';

/** The customer screen's words for connecting and calibrating a pen, in every supported language. */
const en = {
  connectPen: 'Connect pen',
  penConnected: 'Pen connected: {name}',
  penNotChosen: 'No pen was chosen. Tap "Connect pen" to try again.',
  penFailed: 'The pen could not be opened. Your adviser will help.',
  calibrateTitle: 'Pen calibration',
  calibrateHint: 'Touch the centre of each cross with the pen.',
  calibrateProgress: 'Cross {n} of 4',
  calibrateNoPen: 'Connect the pen first, then touch the crosses.',
  calibrated: 'The pen is calibrated. Thank you.',
  calibrateFailed: 'The calibration could not be saved. Please try again.',
  cancel: 'Cancel',
};
export type PenMessages = typeof en;

const sv: PenMessages = {
  connectPen: 'Anslut penna',
  penConnected: 'Penna ansluten: {name}',
  penNotChosen: 'Ingen penna valdes. Tryck på "Anslut penna" för att försöka igen.',
  penFailed: 'Pennan kunde inte öppnas. Din rådgivare hjälper dig.',
  calibrateTitle: 'Kalibrering av pennan',
  calibrateHint: 'Tryck med pennan mitt på varje kryss.',
  calibrateProgress: 'Kryss {n} av 4',
  calibrateNoPen: 'Anslut pennan först och tryck sedan på kryssen.',
  calibrated: 'Pennan är kalibrerad. Tack.',
  calibrateFailed: 'Kalibreringen kunde inte sparas. Försök igen.',
  cancel: 'Avbryt',
};

const lt: PenMessages = {
  connectPen: 'Prijungti rašiklį',
  penConnected: 'Rašiklis prijungtas: {name}',
  penNotChosen: 'Rašiklis nepasirinktas. Palieskite „Prijungti rašiklį“ ir bandykite dar kartą.',
  penFailed: 'Rašiklio nepavyko atidaryti. Konsultantas jums padės.',
  calibrateTitle: 'Rašiklio kalibravimas',
  calibrateHint: 'Rašikliu palieskite kiekvieno kryželio vidurį.',
  calibrateProgress: 'Kryželis {n} iš 4',
  calibrateNoPen: 'Pirmiausia prijunkite rašiklį, tada palieskite kryželius.',
  calibrated: 'Rašiklis sukalibruotas. Ačiū.',
  calibrateFailed: 'Kalibravimo nepavyko išsaugoti. Bandykite dar kartą.',
  cancel: 'Atšaukti',
};

const de: PenMessages = {
  connectPen: 'Stift verbinden',
  penConnected: 'Stift verbunden: {name}',
  penNotChosen: 'Es wurde kein Stift gewählt. Tippen Sie auf „Stift verbinden“, um es erneut zu versuchen.',
  penFailed: 'Der Stift konnte nicht geöffnet werden. Ihre Beraterin oder Ihr Berater hilft Ihnen.',
  calibrateTitle: 'Stift kalibrieren',
  calibrateHint: 'Berühren Sie mit dem Stift die Mitte jedes Kreuzes.',
  calibrateProgress: 'Kreuz {n} von 4',
  calibrateNoPen: 'Verbinden Sie zuerst den Stift und berühren Sie dann die Kreuze.',
  calibrated: 'Der Stift ist kalibriert. Danke.',
  calibrateFailed: 'Die Kalibrierung konnte nicht gespeichert werden. Bitte noch einmal.',
  cancel: 'Abbrechen',
};

export const penMessages: Record<Language, PenMessages> = { en, sv, lt, de };
