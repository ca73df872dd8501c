/**
 * What the station must stop, in the order it was started; closed in reverse, so nothing is left
 * writing into a part that is already closed. A step that fails to stop does not keep the later
 * ones from stopping.
 */
export class ShutdownList {
  private readonly steps: (() => unknown)[] = [];

  add(stop: () => unknown): void {
    this.steps.push(stop);
  }

  async closeAll(): Promise<void> {
    for (const stop of this.steps.splice(0).reverse()) await Promise.resolve().then(stop).catch(() => undefined);
  }
}
