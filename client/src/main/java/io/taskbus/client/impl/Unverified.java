package io.taskbus.client.impl;

/**
 * An answer to a chunk that does not carry its worker's signature: a member answering in a
 * worker's place, most likely, as it may when it consumes the worker's address. The answer is
 * ignored and the chunk sent again, at no cost to its attempts; only a chunk that gets nothing
 * but such answers, {@link Job#MAX_UNVERIFIED} times, fails.
 */
final class Unverified extends Refused {

  Unverified(String message) {
    super(message);
  }
}
