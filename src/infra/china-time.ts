/**
 * China time (UTC+8, no daylight saving): calendar days for statistics and the clock people read in
 * alerts. The one definition; MongoDB aggregations use CHINA_UTC_OFFSET, formatters the zone name.
 */
export const CHINA_TIME_ZONE = "Asia/Shanghai";
export const CHINA_UTC_OFFSET = "+08:00";
const CHINA_OFFSET_MS = 8 * 3600_000;
export const DAY_MS = 86_400_000;

/** Midnight in China of a YYYY-MM-DD date. */
export function chinaMidnight(date: string): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) - CHINA_OFFSET_MS);
}

/** The date in China at an instant (by default now), as YYYY-MM-DD. */
export function chinaDate(now = Date.now()): string {
  return new Date(now + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight in China of the Monday of the week of an instant (by default now). */
export function chinaWeekStart(now = Date.now()): Date {
  const today = chinaMidnight(chinaDate(now));
  const weekday = (new Date(now + CHINA_OFFSET_MS).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(today.getTime() - weekday * DAY_MS);
}

// Built once: toLocale*String builds a formatter per call, which showed in the fan-out's profile.
const clock = new Intl.DateTimeFormat("zh-CN", {
  timeZone: CHINA_TIME_ZONE,
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
});
const calendarDay = new Intl.DateTimeFormat("zh-CN", { timeZone: CHINA_TIME_ZONE, month: "long", day: "numeric" });

/**
 * 3月16日 14:10–14:52 in China time, as alerts and officials read it; an estimated end reads
 * 3月16日 14:10–约14:52, and an end on another day 3月16日 17:58–约3月17日01:58.
 */
export function clockRange(start: Date, end: Date, endEstimated = false): string {
  // An end on a later day names its day, so 17:58–约01:58 cannot read as earlier the same day.
  const endDay = chinaDate(end.getTime()) === chinaDate(start.getTime()) ? "" : calendarDay.format(end);
  return `${calendarDay.format(start)} ${clock.format(start)}–${endEstimated ? "约" : ""}${endDay}${clock.format(end)}`;
}

const dateTime = new Intl.DateTimeFormat("zh-CN", {
  timeZone: CHINA_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hour12: false,
});

/** 2022/03/16 14:10:05 in China time, as records are read in the console. */
export function chinaDateTime(at: Date): string {
  return dateTime.format(at);
}
