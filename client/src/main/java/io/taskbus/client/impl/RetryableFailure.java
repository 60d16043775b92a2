package io.taskbus.client.impl;

/** A chunk was lost without an answer (its worker died or left): it may be sent again. */
final class RetryableFailure extends RuntimeException {

  RetryableFailure(String message) {
    super(message, null, false, false);
  }
}
