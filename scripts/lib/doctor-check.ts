/** One step of `incident-bridge doctor`: what was checked, whether it passed, and what to fix. */
export interface DoctorCheck {
  platform: 'genesys' | 'servicenow';
  name: string;
  status: 'ok' | 'fail' | 'warn' | 'skip';
  detail: string;
  /** What an admin should do when the check did not pass. */
  fix?: string;
}
