package io.taskbus.client;

/**
 * Options for one call, without a new pool or a new login: each one left unset takes the
 * pool's {@link PoolOptions}. Setters are fluent; {@code new JobOptions()} changes nothing.
 */
public class JobOptions {

  /** Results a stream holds ahead of its consumer, unless set: dispatch waits beyond it. */
  public static final int DEFAULT_STREAM_BUFFER = 4_096;

  private Integer chunkSize;
  private Long taskTimeoutMs;
  private Integer maxRetries;
  private Boolean retryFailedTasks;
  private Integer maxChunksInFlight;
  private int streamBuffer = DEFAULT_STREAM_BUFFER;
  private Class<?> resultType = Object.class;

  public JobOptions() {
  }

  public JobOptions(JobOptions other) {
    chunkSize = other.chunkSize;
    taskTimeoutMs = other.taskTimeoutMs;
    maxRetries = other.maxRetries;
    retryFailedTasks = other.retryFailedTasks;
    maxChunksInFlight = other.maxChunksInFlight;
    streamBuffer = other.streamBuffer;
    resultType = other.resultType;
  }

  /** Items per message; 0 picks it from the measured time and size of the items. */
  public JobOptions setChunkSize(int chunkSize) {
    this.chunkSize = nonNegative("chunkSize", chunkSize);
    return this;
  }

  /** Each item's time limit; 0 for none. */
  public JobOptions setTaskTimeoutMs(long taskTimeoutMs) {
    if (taskTimeoutMs < 0) {
      throw new IllegalArgumentException("taskTimeoutMs must be >= 0, got " + taskTimeoutMs);
    }
    this.taskTimeoutMs = taskTimeoutMs;
    return this;
  }

  /** How often a chunk is sent again after its worker was lost (or its task failed). */
  public JobOptions setMaxRetries(int maxRetries) {
    this.maxRetries = nonNegative("maxRetries", maxRetries);
    return this;
  }

  /** Whether an item whose task threw is run again (up to maxRetries) instead of failing. */
  public JobOptions setRetryFailedTasks(boolean retryFailedTasks) {
    this.retryFailedTasks = retryFailedTasks;
    return this;
  }

  /** At most this many chunks of the call in flight; 0 for as many as workers take. */
  public JobOptions setMaxChunksInFlight(int maxChunksInFlight) {
    this.maxChunksInFlight = nonNegative("maxChunksInFlight", maxChunksInFlight);
    return this;
  }

  /**
   * For streams: how many items may be dispatched ahead of the consumer (results waiting to be
   * read, or held behind a slower earlier item); dispatch waits beyond it.
   */
  public JobOptions setStreamBuffer(int streamBuffer) {
    if (streamBuffer < 1) {
      throw new IllegalArgumentException("streamBuffer must be >= 1, got " + streamBuffer);
    }
    this.streamBuffer = streamBuffer;
    return this;
  }

  /**
   * Each result as this type: {@code Long.class} widens the Integer that JSON decodes, so both
   * pools give the same types; a result that is not one fails the job naming its item.
   * {@code Object.class} (the default) leaves results as decoded.
   */
  public JobOptions setResultType(Class<?> resultType) {
    if (resultType == null) {
      throw new IllegalArgumentException("the result type must not be null");
    }
    this.resultType = resultType;
    return this;
  }

  public Class<?> getResultType() {
    return resultType;
  }

  public int getChunkSize(PoolOptions pool) {
    return chunkSize != null ? chunkSize : pool.getChunkSize();
  }

  public long getTaskTimeoutMs(PoolOptions pool) {
    return taskTimeoutMs != null ? taskTimeoutMs : pool.getTaskTimeoutMs();
  }

  public int getMaxRetries(PoolOptions pool) {
    return maxRetries != null ? maxRetries : pool.getMaxRetries();
  }

  public boolean isRetryFailedTasks(PoolOptions pool) {
    return retryFailedTasks != null ? retryFailedTasks : pool.isRetryFailedTasks();
  }

  public int getMaxChunksInFlight(PoolOptions pool) {
    return maxChunksInFlight != null ? maxChunksInFlight : pool.getMaxChunksInFlight();
  }

  public int getStreamBuffer() {
    return streamBuffer;
  }

  private static int nonNegative(String name, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
    return value;
  }
}
