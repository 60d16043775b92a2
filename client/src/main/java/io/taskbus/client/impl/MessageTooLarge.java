package io.taskbus.client.impl;

/**
 * A chunk, or its results, would not fit in one message: the job splits the chunk, or fails
 * when it holds a single item.
 */
final class MessageTooLarge extends RuntimeException {

  MessageTooLarge(String message) {
    super(message, null, false, false);
  }
}
