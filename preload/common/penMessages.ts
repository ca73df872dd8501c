import { z } from 'zod';

/** The pen's messages across the contract: ink to draw, samples the customer's page captured, its device, its calibration. */

/** A point of ink in signature-box coordinates (0..1 across and down), pressure 0..1, time in ms. */
export const inkPointSchema = z.object({ x: z.number(), y: z.number(), p: z.number().min(0).max(1), t: z.number() });

/** Samples the customer's page captured itself (Pointer Events or WebHID), already in box coordinates. */
export const clientPenSampleSchema = z.object({
  t: z.number(),
  x: z.number(),
  y: z.number(),
  pressure: z.number(),
  nx: z.number().min(-0.5).max(1.5),
  ny: z.number().min(-0.5).max(1.5),
  np: z.number().min(0).max(1),
  tiltX: z.number().optional(),
  tiltY: z.number().optional(),
  azimuth: z.number().optional(),
  altitude: z.number().optional(),
  twist: z.number().optional(),
  inRange: z.boolean(),
  tip: z.boolean(),
  buttons: z.number().int(),
});

/** What the customer's page knows of its pen (WebHID profile, or the Pointer Events surface): the PenDeviceInfo fields, without the source. */
const range = z.tuple([z.number(), z.number()]);
export const clientPenDeviceSchema = z.object({
  profile: z.string().max(60),
  vendorId: z.number().int().min(0).max(0xffff).optional(),
  productId: z.number().int().min(0).max(0xffff).optional(),
  product: z.string().max(120).optional(),
  xRange: range,
  yRange: range,
  pressureRange: range,
  widthMm: z.number().positive().optional(),
  heightMm: z.number().positive().optional(),
  /** Pixels of the surface the raw range covers (the signature box, the window of a pen display): with the ranges, x and y in one unit. */
  widthPx: z.number().positive().max(100_000).optional(),
  heightPx: z.number().positive().max(100_000).optional(),
  sampleRateHz: z.number().positive().optional(),
});

/** A pen display's four-point calibration (device → window homography), stored per device ('vid:pid'). */
const finite = z.number().refine(Number.isFinite, 'a finite number');
export const penCalibrationSchema = z.object({
  device: z.string().regex(/^[0-9a-f]{4}:[0-9a-f]{4}$/),
  window: z.object({ width: z.number().int().min(200).max(10_000), height: z.number().int().min(200).max(10_000) }),
  matrix: z.tuple([finite, finite, finite, finite, finite, finite, finite, finite, finite]),
  maxErrorPx: z.number().nonnegative(),
  createdAt: z.string().max(40),
});
export type PenCalibration = z.infer<typeof penCalibrationSchema>;
