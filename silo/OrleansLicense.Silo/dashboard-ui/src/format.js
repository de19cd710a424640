const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const number = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const decimals = new Intl.NumberFormat(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

/** A local date and time, or an em dash. */
export function formatDateTime(value) {
  return value ? dateTime.format(new Date(value)) : '—';
}

/** A local date, or an em dash. */
export function formatDate(value) {
  return value ? dateOnly.format(new Date(value)) : '—';
}

/** A local time of day (24 h). */
export function formatTime(value) {
  return timeOnly.format(new Date(value));
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAgo(value, now = Date.now()) {
  if (!value) return '—';
  const seconds = Math.max(0, Math.round((now - new Date(value).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A duration in seconds as "90 s", "2 min", "1 h 30 min", "2 d". */
export function formatDuration(totalSeconds) {
  const s = Math.round(totalSeconds);
  if (s < 120 && s % 60 !== 0) return `${s} s`;
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  const parts = [];
  if (days) parts.push(`${days} d`);
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  if (rest) parts.push(`${rest} s`);
  return parts.join(' ') || '0 s';
}

/** Bytes as "512 MB". */
export function formatBytes(bytes) {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit >= 2 ? decimals.format(value) : integer.format(value)} ${units[unit]}`;
}

/** A number with at most one decimal. */
export function formatNumber(value) {
  return value === null || value === undefined ? '—' : number.format(value);
}

/** Milliseconds with a unit. */
export function formatMs(value) {
  if (value === null || value === undefined) return '—';
  return value < 10 ? `${decimals.format(value)} ms` : `${integer.format(value)} ms`;
}

/** A percentage with one decimal. */
export function formatPercent(value) {
  return value === null || value === undefined ? '—' : `${decimals.format(value)} %`;
}

/** "draw ×2, plot ×1" from [{name, count}]. */
export function formatFeatures(features) {
  return (features ?? []).map(f => (f.count > 1 ? `${f.name} ×${f.count}` : f.name)).join(', ');
}

/** "camelCaseName" as "Camel case name". */
export function humanize(key) {
  const words = String(key).replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
