import type { IppGroup } from './ippMessage';

/** A request the printer refuses: the IPP status, the status-message, and any groups the answer carries (unsupported-attributes). */
export class IppError extends Error {
  constructor(readonly status: number, message: string, readonly groups: IppGroup[] = []) {
    super(message);
  }
}
