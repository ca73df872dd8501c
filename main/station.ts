/** The station's composition lives in main/station/ (createStation.ts: the start-up list). */
export { createStation, type Station } from './station/createStation';
