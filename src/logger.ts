import pino, { type Logger } from 'pino';

export type { Logger };

/** ID numbers (15 or 18 characters) and bank card numbers (16–19 digits) never reach a log line. */
const ID_OR_CARD = /\b(\d{6})\d{5,11}(\d{3}[\dXx])\b/g;

export function maskSensitive(text: string): string {
  return text.replace(ID_OR_CARD, (_m, head: string, tail: string) => `${head}********${tail}`);
}

const REDACT_PATHS = [
  'password',
  '*.password',
  'idNumber',
  '*.idNumber',
  'id_number',
  '*.id_number',
  'bankAccount',
  '*.bankAccount',
  'bank_account',
  '*.bank_account',
  'cardNumber',
  '*.cardNumber',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      hooks: {
        logMethod(args, method) {
          method.apply(
            this,
            args.map((a) => (typeof a === 'string' ? maskSensitive(a) : a)) as Parameters<typeof method>,
          );
        },
      },
    },
    // Written synchronously: long database work (a first start's demo county, a batch job) gives the event
    // loop no turn, and buffered lines would only appear once it ends.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
