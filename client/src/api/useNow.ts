import { useEffect, useState } from 'react';

/** The current time, ticking every `intervalMs`: for clocks and "waiting for 3 min" labels. */
export function useNow(intervalMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
