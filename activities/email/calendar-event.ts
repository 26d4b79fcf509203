import { createEvent } from 'ics';
import { formatInZone, utcOffsetMinutes } from '../../domain/calendar';

export interface DeadlineEvent {
  /** Stable per deadline, so a reminder and an escalation of one deadline update one calendar entry. */
  uid: string;
  title: string;
  description: string;
  url: string;
  dueAt: number;
  timeZone: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** '+0500' for 300 minutes east of UTC. */
const icsOffset = (minutes: number) =>
  `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

/**
 * The deadline as an iCalendar event at its local time in the case's zone (DTSTART;TZID=Asia/Almaty),
 * with the zone's offset at that moment spelled out in a VTIMEZONE, so a calendar shows the Almaty time
 * whatever zone it runs in. The `ics` package writes the event; it knows no TZID, so its UTC start is
 * rewritten to the local one.
 */
export function deadlineCalendarEvent(e: DeadlineEvent): string {
  const utc = new Date(e.dueAt);
  const { error, value } = createEvent({
    uid: e.uid,
    productId: '-//KBTU//Mobility//EN',
    title: e.title,
    description: e.description,
    url: e.url,
    start: [
      utc.getUTCFullYear(),
      utc.getUTCMonth() + 1,
      utc.getUTCDate(),
      utc.getUTCHours(),
      utc.getUTCMinutes(),
    ],
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: 30 },
    alarms: [{ action: 'display', description: e.title, trigger: { days: 1, before: true } }],
  });
  if (error || !value) throw error ?? new Error('the calendar event could not be written');
  const local = formatInZone(e.timeZone, e.dueAt); // 2027-01-15T23:59:00+05:00
  const wall = local.slice(0, 19).replace(/[-:]/g, '');
  const offset = icsOffset(utcOffsetMinutes(e.timeZone, e.dueAt));
  const zone = [
    'BEGIN:VTIMEZONE',
    `TZID:${e.timeZone}`,
    'BEGIN:STANDARD',
    'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offset}`,
    `TZOFFSETTO:${offset}`,
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');
  return value
    .replace(/^DTSTART:\d{8}T\d{6}Z$/m, `DTSTART;TZID=${e.timeZone}:${wall}`)
    .replace(/^BEGIN:VEVENT$/m, `${zone}\r\nBEGIN:VEVENT`);
}
