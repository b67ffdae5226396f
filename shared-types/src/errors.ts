/** One invalid field of a request, with a message the mini-program can show as it is. */
export interface FieldError {
  field: string;
  message: string;
}

/** The body of every error answer of the API. */
export interface ApiErrorBody {
  statusCode: number;
  /** Stable machine-readable code, e.g. `validation_failed`, `invitation_illegal_transition`. */
  code: string;
  /** A sentence in Chinese for the user. */
  message: string;
  fields?: FieldError[];
  /** Present on 5xx answers: quote it when reporting a problem, it finds the log line. */
  errorId?: string;
}
