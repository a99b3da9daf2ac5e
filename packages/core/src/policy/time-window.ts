/** A daily window such as `09:00-17:00` in an IANA time zone, optionally on some weekdays. */
export interface TimeWindow {
  startMinute: number;
  endMinute: number;
  timeZone: string;
  /** 0 = Sunday ... 6 = Saturday; undefined = every day. */
  days: ReadonlySet<number> | undefined;
  text: string;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

/** Parses `"HH:MM-HH:MM"`; an end before the start is an overnight window (`22:00-06:00`). */
export function parseTimeWindow(
  text: string,
  timeZone: string,
  days?: readonly Weekday[],
): TimeWindow {
  const m = typeof text === 'string' ? WINDOW.exec(text.trim()) : null;
  if (!m)
    throw new TypeError(`invalid time window ${JSON.stringify(text)}: expected "HH:MM-HH:MM"`);
  const startMinute = Number(m[1]) * 60 + Number(m[2]);
  const endMinute = Number(m[3]) * 60 + Number(m[4]);
  if (endMinute > 24 * 60)
    throw new TypeError(`invalid time window ${JSON.stringify(text)}: end is past 24:00`);
  if (startMinute === endMinute) {
    throw new TypeError(`invalid time window ${JSON.stringify(text)}: start equals end`);
  }
  assertTimeZone(timeZone);
  return {
    startMinute,
    endMinute,
    timeZone,
    days: days && days.length > 0 ? new Set(days.map((d) => WEEKDAYS.indexOf(d))) : undefined,
    text: text.trim(),
  };
}

export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new TypeError(
      `unknown time zone ${JSON.stringify(timeZone)}: use an IANA name like "Asia/Kolkata"`,
    );
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minute of the day and weekday of `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): { minute: number; day: number } {
  let hour = 0;
  let minute = 0;
  let day = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
    else if (part.type === 'weekday')
      day = WEEKDAYS.indexOf(part.value.toLowerCase().slice(0, 3) as Weekday);
  }
  return { minute: hour * 60 + minute, day };
}

/** Whether `at` falls in the window. Start inclusive, end exclusive. An overnight window belongs
 *  to the day it starts on, so `fri 22:00-06:00` covers Saturday 02:00. */
export function isWithin(window: TimeWindow, at: number): boolean {
  const { minute, day } = localTime(at, window.timeZone);
  const { startMinute, endMinute, days } = window;
  if (startMinute < endMinute) {
    return minute >= startMinute && minute < endMinute && (!days || days.has(day));
  }
  if (minute >= startMinute) return !days || days.has(day);
  if (minute < endMinute) return !days || days.has((day + 6) % 7);
  return false;
}

/** `HH:MM` of `at` in `timeZone`, for messages. */
export function formatLocalTime(at: number, timeZone: string): string {
  const { minute } = localTime(at, timeZone);
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
