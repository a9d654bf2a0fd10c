import pino, { type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import pretty from 'pino-pretty';

// The server's log: JSON lines for journald, Docker or a log shipper, readable lines when a person
// watches a terminal (`npm start` or `npm run dev` in a shell). The level comes from LOG_LEVEL.

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Fields that may carry a secret, wherever they appear one level deep; their values are replaced
 * before a line is written, so a careless `logger.info({ user })` cannot leak a password hash.
 */
const secretFields = ['password', 'passwordHash', 'secret', 'token', 'authorization', 'cookie', 'set-cookie'];
export const redactedPaths = [
  ...secretFields,
  ...secretFields.map((field) => `*.${field}`),
  ...['authorization', 'cookie'].map((header) => `*.headers.${header}`),
];

export function parseLogLevel(value: string | undefined): LevelWithSilent | undefined {
  const level = (value ?? 'info').trim().toLowerCase();
  return (logLevels as readonly string[]).includes(level) ? (level as LevelWithSilent) : undefined;
}

type LoggerOptions = {
  level?: string;
  /** Where lines go; stdout when omitted (tests pass a stream of their own). */
  destination?: DestinationStream;
  /** Readable output instead of JSON; by default when a person watches (stdout is a terminal). */
  pretty?: boolean;
};

export function createLogger({
  level = process.env.LOG_LEVEL,
  destination,
  pretty: readable = process.stdout.isTTY === true,
}: LoggerOptions = {}): Logger {
  const parsedLevel = parseLogLevel(level);
  const options = {
    level: parsedLevel ?? 'info',
    redact: { paths: redactedPaths, censor: '[redacted]' },
    // "level":"warn" reads better than "level":40 when someone greps the JSON.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // pino-pretty as a stream in this thread, not a transport: Next bundles this module, and a
  // transport's worker thread cannot find its files inside a bundle.
  const stream =
    destination ??
    (readable
      ? pretty({ colorize: true, singleLine: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' })
      : undefined);
  const logger = stream ? pino(options, stream) : pino(options);
  if (parsedLevel === undefined) {
    logger.warn(`LOG_LEVEL=${level} is not a log level (${logLevels.join(', ')}); logging at info.`);
  }
  return logger;
}

const globalForLogger = globalThis as unknown as { quireLogger?: Logger };

/** The process-wide logger; kept on globalThis so hot reload in development does not add streams. */
export const logger: Logger = (globalForLogger.quireLogger ??= createLogger());
