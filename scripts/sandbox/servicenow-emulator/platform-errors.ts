/** ServiceNow's error body shape, and the platform's own 401/403 answers. */

export function errorBody(message: string, detail: string | null) {
  return { error: { message, detail }, status: 'failure' };
}

export const NOT_AUTHENTICATED = {
  status: 401,
  body: errorBody('User Not Authenticated', 'Required to provide Auth information'),
};
export const NOT_AUTHORIZED = {
  status: 403,
  body: errorBody('User Not Authorized', 'Failed API level ACL Validation'),
};
