/** A sandbox account of the emulator (a row of sys_user with its roles). */
export interface EmulatorUser {
  userName: string;
  password: string;
  /** Role names: the app's own (x_…) and platform roles such as admin, itil, snc_internal. */
  roles: string[];
  /** Inactive or locked-out accounts are refused at login (default active, not locked). */
  active?: boolean;
  lockedOut?: boolean;
  webServiceAccessOnly?: boolean;
}
