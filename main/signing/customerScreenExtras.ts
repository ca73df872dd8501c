import type { Language } from '../../preload/common/contract';
import type { CustomerCalibration, CustomerDialog, CustomerFarewell, SignatureRefusal } from '../../preload/common/customerScreenState';

/**
 * What the customer's screen shows besides the step, held by the session so that both windows
 * draw it from the one view state: the open question, the calibration's crosses, why the last
 * "Done" was refused, and the farewell after the teller took the document back or cancelled
 * (shown for a few seconds, then the welcome). `changed` publishes both views.
 */
export class CustomerScreenExtras {
  dialog: CustomerDialog | undefined;
  calibration: CustomerCalibration | undefined;
  refusal: SignatureRefusal | undefined;
  farewell: CustomerFarewell | undefined;
  /** The customer's language: the farewell is theirs even though the screen's language goes back to the default. */
  farewellLanguage: Language | undefined;
  private farewellTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: { farewellMs: number; changed: () => void }) {}

  /** A new step on the screen: no question or refusal of the step before stays open. */
  newStep(onScreen: boolean): void {
    this.dialog = undefined;
    this.refusal = undefined;
    if (onScreen) {
      // A document on the screen replaces the farewell and the calibration (it never covers a signing).
      this.clearFarewell();
      this.calibration = undefined;
    }
  }

  /** The customer signs again: why the last try was refused no longer stands on either screen. */
  clearRefusal(): void {
    if (!this.refusal) return;
    this.refusal = undefined;
    this.o.changed();
  }

  /** The screen goes back to the welcome with a word of why, for farewellMs. */
  sayFarewell(why: CustomerFarewell, language: Language): void {
    this.clearFarewell();
    this.farewell = why;
    this.farewellLanguage = language;
    this.farewellTimer = setTimeout(() => {
      this.farewellTimer = undefined;
      this.farewell = undefined;
      this.o.changed();
    }, this.o.farewellMs);
    this.farewellTimer.unref?.();
  }

  close(): void {
    this.clearFarewell();
  }

  private clearFarewell(): void {
    if (this.farewellTimer) clearTimeout(this.farewellTimer);
    this.farewellTimer = undefined;
    this.farewell = undefined;
  }
}
