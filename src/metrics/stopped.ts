/** Why and when a run stopped before its end (RunOptions.maxInFlight); a run that ran to its end has none. */
export interface StoppedEarly {
  reason: 'max_in_flight';
  /** Simulated time of the last event run. */
  at_s: number;
  /** Attempts in the system then (queued or in service anywhere, or waiting out a backoff), and the limit they passed. */
  in_flight: number;
  limit: number;
}
