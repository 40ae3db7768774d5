/**
 * Failures of the model API, worded for the progress comment (the GitHub flow
 * shows `message` after redacting it). Neither carries request content.
 */

/** The API refused the request for a reason retrying cannot fix (bad key, bad request, no access). */
export class ModelRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly type: string | undefined,
  ) {
    super(message);
    this.name = "ModelRequestError";
  }
}

/** The API stayed unavailable (overloaded, rate limited, 5xx, connection errors) through every retry. */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status: number | undefined,
    readonly type: string | undefined,
  ) {
    super(message);
    this.name = "ModelUnavailableError";
  }
}

/** The stream ended without message_stop (the connection dropped): retried like a 5xx. */
export class StreamEndedEarlyError extends Error {
  constructor() {
    super("the response stream ended before the message was complete");
    this.name = "StreamEndedEarlyError";
  }
}
