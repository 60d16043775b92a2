package io.taskbus.protocol;

/** A failure that already knows its protocol code; thrown on the worker side, sent as a reply. */
public final class ProtocolException extends RuntimeException {

  private final transient ErrorInfo info;

  public ProtocolException(ErrorInfo info) {
    super(info.message(), null, false, false);
    this.info = info;
  }

  public ProtocolException(ErrorCode code, String message) {
    this(ErrorInfo.of(code, message));
  }

  public ErrorInfo info() {
    return info;
  }
}
