// Errors the one error handler turns into a page or an RFC 9457 problem.

export interface FieldError {
  field: string
  message: string
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors: FieldError[] = [],
    readonly title?: string,
  ) {
    super(message)
  }
}

/** Too many attempts, or the service too busy to check one: answered 429 with Retry-After. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
    field = 'email',
  ) {
    super(429, message, [{ field, message }], 'Too many requests')
  }
}

export class ValidationError extends AppError {
  constructor(errors: FieldError[], message = 'Check the answers you gave') {
    super(400, message, errors, 'Bad request')
  }
}

/** Input is well formed but breaks a rule (e.g. a DRR review interval under one month). */
export class RuleError extends AppError {
  constructor(message: string, errors: FieldError[] = []) {
    super(422, message, errors, 'Breaks a rule')
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(409, message, [], 'Conflict')
  }
}

/** Not found, or not yours: the two are never told apart. */
export class NotFoundError extends AppError {
  constructor(message = 'Page not found') {
    super(404, message, [], 'Not found')
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do that') {
    super(403, message, [], 'Forbidden')
  }
}
