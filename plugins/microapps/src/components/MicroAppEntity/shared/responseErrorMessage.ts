import { ResponseError } from '@backstage/errors';

/** What went wrong, in the words the backend chose (e.g. a separation-of-duties refusal). */
export function responseErrorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause?.message || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A short heading for a failed request, from its HTTP status. */
export function responseErrorTitle(error: unknown): string {
  if (ResponseError.is(error)) {
    switch (error.statusCode) {
      case 400:
        return 'The request was rejected';
      case 401:
        return 'You are not signed in';
      case 403:
        return 'Not allowed';
      case 404:
        return 'Not found';
      case 409:
        return 'Conflict';
      default:
        break;
    }
  }
  return 'Something went wrong';
}
