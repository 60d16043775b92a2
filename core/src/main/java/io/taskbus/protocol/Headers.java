package io.taskbus.protocol;

/** Message header names. */
public final class Headers {

  /** {@code Bearer <token>} on every task and cancel message. */
  public static final String AUTHORIZATION = "authorization";
  /**
   * On a chunk instead of the token, once the worker has answered one of the session's chunks
   * signed: the session's id, which the worker knows the token of. A token is hundreds of bytes
   * that a worker would otherwise hash and compare on every chunk.
   */
  public static final String SESSION = "sid";
  /** The task name, so the permission check needs no body decoding. */
  public static final String TASK = "task";
  public static final String BEARER = "Bearer ";
  /** The sending pool's id: a worker shares its capacity fairly among pools. */
  public static final String POOL = "pool";
  /** On a worker's reply: how many chunks the pool may hold at that worker now. */
  public static final String LIMIT = "limit";
  /**
   * On a chunk or cancel: the session's sequence number of the message, and its time (epoch
   * ms); on a chunk, a cancel and each leg of a worker's answer: the MAC under the session's
   * key ({@code io.taskbus.auth.MessageAuth}).
   */
  public static final String SEQ = "seq";
  public static final String TIME = "ts";
  public static final String MAC = "mac";

  private Headers() {
  }
}
