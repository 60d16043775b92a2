package io.taskbus.client.impl;

/**
 * A worker refused a chunk before running any of it (it was full, leaving, gone from its
 * address, or the token had just expired): the chunk goes again, and the sending is not counted
 * as an attempt or a retry.
 */
class Refused extends RuntimeException {

  Refused(String message) {
    super(message, null, false, false);
  }
}
