import { z } from 'zod';
import { defaultFreeSpaceMarginMB } from '../vault/documentSpace';

/**
 * The one configuration file of a station. Every key has a default that works offline on a fresh
 * machine: local encrypted store, sync off, simulated pen when no device is found.
 * Each key can be overridden by STATION_<SECTION>_<KEY> (camelCase → UPPER_SNAKE), e.g.
 * storage.dir → STATION_STORAGE_DIR, sync.s3Endpoint → STATION_SYNC_S3_ENDPOINT.
 */
const port = z.number().int().min(0).max(65535);

export const stationConfigSchema = z.strictObject({
  station: z.strictObject({
    tenant: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes').default('demo'),
    branch: z.string().min(1).max(64).default('branch-1'),
    id: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/).default('station-1'),
    /** Where signatures are made, printed under the ink ("Stockholm", "Vilnius – Gedimino pr."). */
    place: z.string().max(120).default(''),
  }).prefault({}),
  display: z.strictObject({
    /** Which display is the pen display: an Electron display id, "WIDTHxHEIGHT", or part of its label. Empty: the first non-primary display. */
    customer: z.string().default(''),
  }).prefault({}),
  pen: z.strictObject({
    /** 'auto' picks the first supported device and falls back to the simulated pen; or a profile id. */
    profile: z.string().default('auto'),
    /** 'vid:pid' (hex) of the device to use when several are present. */
    device: z.string().regex(/^$|^[0-9a-fA-F]{4}:[0-9a-fA-F]{4}$/).default(''),
    /** Use the simulated pen even if a device is present (demos, tests). */
    simulate: z.boolean().default(false),
    /** What the simulated pen plays: 'auto' (the STU logs in ../shared/data when present, else a synthetic signature), 'stu-logs', 'synthetic', or a hid-recorder capture file. */
    simulatedSource: z.string().default('auto'),
    /** Fall back to the simulated pen when no device is present. Off on production stations, so a missing pen is never hidden. */
    fallbackToSimulated: z.boolean().default(true),
    /** How often (ms) to look for plugged and unplugged pens. */
    hotPlugIntervalMs: z.number().int().min(100).max(60_000).default(1000),
  }).prefault({}),
  storage: z.strictObject({
    /** Directory of the vault (encrypted SQLite), logs and keys. Empty: the platform's app-data folder. */
    dir: z.string().default(''),
    /**
     * Warn (health bar, `station doctor`) when the storage folder has less free space than this, in MB of 1024 × 1024 bytes (as the messages show them).
     * Default: a busy day of signings (200) at the measured size of a signed document (main/vault/documentSpace.ts).
     */
    freeSpaceMarginMB: z.number().int().min(0).max(10_000_000).default(defaultFreeSpaceMarginMB),
  }).prefault({}),
  keys: z.strictObject({
    /** 'local' (offline key provider) or 'aws-kms'. */
    provider: z.enum(['local', 'aws-kms']).default('local'),
    kmsKeyId: z.string().default(''),
    kmsEndpoint: z.string().default(''),
    kmsRegion: z.string().default('eu-north-1'),
  }).prefault({}),
  sync: z.strictObject({
    enabled: z.boolean().default(false),
    s3Endpoint: z.string().default(''),
    s3Bucket: z.string().default(''),
    s3Region: z.string().default('eu-north-1'),
    s3ForcePathStyle: z.boolean().default(false),
    /** KMS key for S3 server-side encryption (SSE-KMS); empty: none requested. */
    s3SseKmsKeyId: z.string().default(''),
    /**
     * Uploads at a time. 10, as \`aws s3 cp\` does: measured side by side with it (bench/vaultBench.ts),
     * 4 left the drain 1.3–1.5× slower on a loaded two-core machine, where each upload mostly waits
     * for the server and the network, not for this process.
     */
    concurrency: z.number().int().min(1).max(32).default(10),
    intervalSeconds: z.number().int().min(1).max(86400).default(30),
  }).prefault({}),
  documents: z.strictObject({
    /** PKCS#12 file with the sealing key and certificate; empty: a self-signed demo certificate is made on first use. */
    sealP12: z.string().default(''),
    sealP12Password: z.string().default(''),
    /** PEM public key of the escrow holder that the biometric data are encrypted for; empty: a demo key pair. */
    escrowPublicKey: z.string().default(''),
    /** RFC 3161 time-stamping authority URL; empty: PAdES B-B without time-stamp. */
    tsaUrl: z.string().default(''),
    /**
     * PAdES level of every sealed document: B-B, B-T (time-stamp), B-LT (+ chains, OCSP/CRL in a DSS),
     * B-LTA (+ document time-stamp). At B-LT/B-LTA the desk seals B-B at once and the sync queue
     * augments before upload. Empty: B-T when tsaUrl is set, else B-B.
     */
    level: z.enum(['', 'B-B', 'B-T', 'B-LT', 'B-LTA']).default(''),
    /** `station archive extend` renews a synced document whose newest time-stamp certificate expires within this many days. */
    archiveRenewalMarginDays: z.number().int().min(0).max(3650).default(180),
    maxBytes: z.number().int().min(1024).default(50 * 1024 * 1024),
    requireReadToEnd: z.boolean().default(false),
    /** AWS KMS key (id or ARN) that seals documents instead of a local PKCS#12 (uses keys.kmsRegion / keys.kmsEndpoint). */
    sealKmsKeyId: z.string().default(''),
    /** PEM certificate (file path or PEM text) of the KMS sealing key; required with sealKmsKeyId. */
    sealCertificate: z.string().default(''),
    /** Words after which the signature goes when a document has no empty signature field (empty: default place). */
    anchorText: z.string().max(200).default(''),
    /** TrueType font for the name/date/place under the ink; empty: a bundled or system DejaVu Sans / Arial. */
    inkFont: z.string().default(''),
    /**
     * Let a tenant other than 'demo' seal with the self-signed demo seal and the demo escrow key
     * (training rooms, acceptance tests). Off: such a station refuses to seal. Logged as a warning.
     */
    allowDemoCredentials: z.boolean().default(false),
  }).prefault({}),
  api: z.strictObject({
    enabled: z.boolean().default(false),
    host: z.string().default('127.0.0.1'),
    port: port.default(8443),
    tlsCert: z.string().default(''),
    tlsKey: z.string().default(''),
    maxBodyBytes: z.number().int().min(1024).default(30 * 1024 * 1024),
    /** Sustained requests a minute per API token (bursts of a sixth of it); 429 beyond. */
    rateLimitPerMinute: z.number().int().min(1).max(100_000).default(600),
    /**
     * Allow plain-http webhook URLs to listed hosts other than loopback (webhooks carry personal data:
     * keep off). Where webhooks may go at all is each integration's callback hosts (`station api callback-hosts`).
     */
    allowInsecureCallbacks: z.boolean().default(false),
    /** Client addresses that may call the API, e.g. "10.1.2.0/24, 192.168.5.7"; empty: all that reach api.host. */
    allowFrom: z.string().default(''),
  }).prefault({}),
  print: z.strictObject({
    enabled: z.boolean().default(false),
    host: z.string().default('127.0.0.1'),
    port: port.default(8631),
    /** The printer's name in print dialogs and its location text. */
    name: z.string().min(1).max(127).default('Signing Station'),
    location: z.string().max(127).default(''),
    maxDocumentBytes: z.number().int().min(1024).default(50 * 1024 * 1024),
    /** Printed documents that may wait unsigned at once; beyond it the printer answers "busy" (a print loop must not bury the teller). Also the most jobs that may wait for their document after Create-Job (beyond it: server-error-too-many-jobs). */
    maxWaiting: z.number().int().min(1).max(10_000).default(50),
    /** Bytes of one IPP request's attributes, and the whole body of a request without a document; beyond it: client-error-request-entity-too-large. */
    maxAttributeBytes: z.number().int().min(4096).max(16 * 1024 * 1024).default(64 * 1024),
    /** Attribute values in one IPP request (collection members included); beyond it: client-error-request-entity-too-large. */
    maxAttributeValues: z.number().int().min(100).max(1_000_000).default(1000),
    /** Client addresses that may print, e.g. "10.1.2.0/24"; empty: all that reach print.host (a warning is logged off loopback). */
    allowFrom: z.string().default(''),
    /** PEM certificate and key: the printer speaks IPP over TLS (ipps://) so documents do not cross the LAN in clear. */
    tlsCert: z.string().default(''),
    tlsKey: z.string().default(''),
    /** A folder watched for PDFs (systems that can only save a file); empty: off. */
    hotFolder: z.string().default(''),
  }).prefault({}),
  sftp: z.strictObject({
    enabled: z.boolean().default(false),
    host: z.string().default(''),
    port: port.default(22),
    username: z.string().default(''),
    privateKeyFile: z.string().default(''),
    password: z.string().default(''),
    /** Pinned host key fingerprint, "SHA256:…" as OpenSSH prints it. Required when enabled. */
    hostKeySha256: z.string().default(''),
    /** May contain {tenant}, {documentType}, {yyyy}, {mm}, {dd}; missing folders are created. */
    remoteDir: z.string().default('/'),
    /** Comma-separated document types to export; empty: every signed document. */
    documentTypes: z.string().default(''),
  }).prefault({}),
  privacy: z.strictObject({
    /** Days a synced document stays on the station; 0: removed as soon as the archive confirms. */
    retentionDays: z.number().int().min(0).max(36500).default(30),
    /** Local storage budget in MiB for synced documents (oldest synced go first). 0: no budget. */
    storageBudgetMiB: z.number().int().min(0).default(0),
    /** Per document type (metadata.documentType), days after sync: "loan=3650,account-opening=30". Others: retentionDays. */
    retentionByDocumentType: z.string().regex(/^$|^[A-Za-z0-9._-]+=\d{1,5}(,[A-Za-z0-9._-]+=\d{1,5})*$/, 'type=days, comma-separated').default(''),
    /** Remove the local copy as soon as the client's own archive confirms receipt (API or SFTP), if synced. */
    purgeOnArchiveReceipt: z.boolean().default(true),
    /** Days after signing during which a signed document must be kept (AML, contract law): erasure keeps it. 0: none. */
    legalRetentionDays: z.number().int().min(0).max(36500).default(0),
    /** The same per document type: "account-opening=1826,loan=3650" (others: legalRetentionDays). */
    legalRetentionByDocumentType: z.string().regex(/^$|^[A-Za-z0-9._-]+=\d{1,5}(,[A-Za-z0-9._-]+=\d{1,5})*$/, 'type=days, comma-separated').default(''),
    /** How often the retention purge runs (it also runs at start). */
    purgeIntervalMinutes: z.number().int().min(1).max(10080).default(60),
  }).prefault({}),
  desk: z.strictObject({
    /** Minutes without teller activity after which the teller's window locks; 0: only on demand (not recommended). */
    lockAfterMinutes: z.number().min(0).max(240).default(5),
    /** Minutes without activity on the customer's screen after which an open signing is cancelled (under 1: tests only). */
    customerTimeoutMinutes: z.number().min(0.05).max(240).default(10),
    /** Seconds the thank-you stays on the customer's screen before it returns to idle. */
    thankYouSeconds: z.number().int().min(1).max(120).default(6),
    /** Seconds the customer reads why the screen went back (the teller took the document back, or cancelled). */
    farewellSeconds: z.number().int().min(1).max(60).default(4),
    /** After "Done" the customer sees the signature in its place on the page and confirms it or signs again. */
    reviewSignature: z.boolean().default(true),
    /** The bank's name on the customer's idle and thank-you screens; empty: the tenant id. */
    brandName: z.string().max(80).default(''),
    /** PNG, JPEG or SVG file shown on the customer's idle and thank-you screens; empty: the name only. */
    brandLogo: z.string().default(''),
    /** JSON file with the tenant's GDPR Art. 13 notice per language, {"en": {"title": "…", "body": "…"}, "sv": …}; empty: the built-in notice. */
    consentNotice: z.string().default(''),
    /** The customer screen's language between customers (the customer switches with one tap; the next one starts here again). */
    language: z.enum(['en', 'sv', 'lt', 'de']).default('en'),
    /** PIN of the built-in 'demo' teller, offered only while station.tenant is 'demo' (demos, training, tests). */
    demoPin: z.string().regex(/^\d{4,12}$/, '4 to 12 digits').default('1234'),
  }).prefault({}),
  signing: z.strictObject({
    // The least a signature must be before "Done" takes it; below any, the customer is asked to sign again.
    /** Milliseconds from the first to the last ink point (a tap is about 100). */
    minDurationMs: z.number().int().min(0).max(60_000).default(300),
    /** Ink points (a two-point scribble is not a signature). */
    minPoints: z.number().int().min(1).max(10_000).default(20),
    /** Pen-down strokes. */
    minStrokes: z.number().int().min(1).max(100).default(1),
    /** The ink's width and its height, each at least this many heights of the signature box (a dot, a flat line). */
    minExtent: z.number().min(0).max(10).default(0.1),
    /** The ink's spread across its main direction over its spread along it (a straight line in any direction: about 0; signatures 0.15 and more). */
    minThickness: z.number().min(0).max(1).default(0.05),
  }).prefault({}),
  web: z.strictObject({
    /** Browser mode binds here; loopback only unless a thin-client network is configured. */
    host: z.string().default('127.0.0.1'),
    port: port.default(8420),
    /** Largest WebSocket message (bytes) before a window has shown its launch token: room for the hello, nothing to parse at length. */
    maxHelloBytes: z.number().int().min(256).max(65_536).default(4096),
    /** Largest message (bytes) from a customer window: a batch of pen samples (the contract allows 20 000) fits several times over. The teller window's limit follows the contract's largest PDF import. */
    maxCustomerMessageBytes: z.number().int().min(65_536).max(64 * 1024 * 1024).default(8 * 1024 * 1024),
  }).prefault({}),
  logging: z.strictObject({
    level: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    maxFileBytes: z.number().int().min(10_000).default(5 * 1024 * 1024),
    maxFiles: z.number().int().min(1).max(50).default(5),
  }).prefault({}),
});

export type StationConfig = z.infer<typeof stationConfigSchema>;
