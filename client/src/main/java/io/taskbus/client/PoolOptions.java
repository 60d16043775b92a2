package io.taskbus.client;

import io.taskbus.protocol.Addresses;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * How a {@link TaskPool} logs in and dispatches. Setters are fluent; the JSON form uses the same
 * names as the setters ({@code {"username": "alice", "chunkSize": 0, ...}}).
 */
public class PoolOptions {

  public static final String DEFAULT_ADDRESS = Addresses.TASKS;
  /** 0: pick the chunk size from the input length and the live worker slots. */
  public static final int DEFAULT_CHUNK_SIZE = 0;
  /** Chunks sent ahead to each worker slot, so a worker never waits for its next chunk. */
  public static final int DEFAULT_PREFETCH = 2;
  /** 0: as many chunks in flight as the workers have credits for. */
  public static final int DEFAULT_MAX_CHUNKS_IN_FLIGHT = 0;
  public static final long DEFAULT_NO_WORKERS_TIMEOUT_MS = 5_000;
  public static final long DEFAULT_LOGIN_TIMEOUT_MS = 10_000;
  /** 0: no per-item limit. */
  public static final long DEFAULT_TASK_TIMEOUT_MS = 0;
  public static final int DEFAULT_MAX_RETRIES = 3;
  /** 8 MiB: a chunk larger than this is split before it is sent. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
  /** Chunks and results travel in the compact binary form; {@code "json"} for JSON text. */
  public static final String DEFAULT_CODEC = "binary";
  /** Jobs that run longer than half a second are shown live and kept in the job history. */
  public static final boolean DEFAULT_JOB_REPORTS = true;

  private String address = DEFAULT_ADDRESS;
  private String username;
  private String password;
  private int chunkSize = DEFAULT_CHUNK_SIZE;
  private int prefetch = DEFAULT_PREFETCH;
  private int maxChunksInFlight = DEFAULT_MAX_CHUNKS_IN_FLIGHT;
  private long noWorkersTimeoutMs = DEFAULT_NO_WORKERS_TIMEOUT_MS;
  private long loginTimeoutMs = DEFAULT_LOGIN_TIMEOUT_MS;
  private long taskTimeoutMs = DEFAULT_TASK_TIMEOUT_MS;
  private int maxRetries = DEFAULT_MAX_RETRIES;
  private boolean retryFailedTasks;
  private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
  private String codec = DEFAULT_CODEC;
  private boolean jobReports = DEFAULT_JOB_REPORTS;
  private final List<PoolListener> listeners = new ArrayList<>();

  public PoolOptions() {
  }

  /** A copy, listeners included (the same listener objects). */
  public PoolOptions(PoolOptions other) {
    this(other.toJson().put("password", other.password));
    listeners.addAll(other.listeners);
  }

  public PoolOptions(JsonObject json) {
    address = json.getString("address", DEFAULT_ADDRESS);
    username = json.getString("username");
    password = json.getString("password");
    setChunkSize(json.getInteger("chunkSize", DEFAULT_CHUNK_SIZE));
    setPrefetch(json.getInteger("prefetch", DEFAULT_PREFETCH));
    setMaxChunksInFlight(json.getInteger("maxChunksInFlight", DEFAULT_MAX_CHUNKS_IN_FLIGHT));
    setNoWorkersTimeoutMs(json.getLong("noWorkersTimeoutMs", DEFAULT_NO_WORKERS_TIMEOUT_MS));
    setLoginTimeoutMs(json.getLong("loginTimeoutMs", DEFAULT_LOGIN_TIMEOUT_MS));
    setTaskTimeoutMs(json.getLong("taskTimeoutMs", DEFAULT_TASK_TIMEOUT_MS));
    setMaxRetries(json.getInteger("maxRetries", DEFAULT_MAX_RETRIES));
    setRetryFailedTasks(json.getBoolean("retryFailedTasks", false));
    setMaxMessageBytes(json.getInteger("maxMessageBytes", DEFAULT_MAX_MESSAGE_BYTES));
    setCodec(json.getString("codec", DEFAULT_CODEC));
    setJobReports(json.getBoolean("jobReports", DEFAULT_JOB_REPORTS));
  }

  /** The options as JSON, without the password. */
  public JsonObject toJson() {
    return new JsonObject().put("address", address).put("username", username)
        .put("chunkSize", chunkSize).put("prefetch", prefetch)
        .put("maxChunksInFlight", maxChunksInFlight).put("noWorkersTimeoutMs", noWorkersTimeoutMs)
        .put("loginTimeoutMs", loginTimeoutMs).put("taskTimeoutMs", taskTimeoutMs)
        .put("maxRetries", maxRetries).put("retryFailedTasks", retryFailedTasks)
        .put("maxMessageBytes", maxMessageBytes).put("codec", codec)
        .put("jobReports", jobReports);
  }

  public String getAddress() {
    return address;
  }

  /** The task address the workers consume (default {@value #DEFAULT_ADDRESS}). */
  public PoolOptions setAddress(String address) {
    if (address == null || address.isBlank()) {
      throw new IllegalArgumentException("address must not be blank");
    }
    this.address = address;
    return this;
  }

  public String getUsername() {
    return username;
  }

  public PoolOptions setUsername(String username) {
    this.username = username;
    return this;
  }

  public String getPassword() {
    return password;
  }

  /** Read it from the environment or a file, never from the command line. */
  public PoolOptions setPassword(String password) {
    this.password = password;
    return this;
  }

  public int getChunkSize() {
    return chunkSize;
  }

  /** Items per message; 0 picks it from the input length and the live worker slots. */
  public PoolOptions setChunkSize(int chunkSize) {
    this.chunkSize = requireAtLeast(chunkSize, 0, "chunkSize");
    return this;
  }

  public int getPrefetch() {
    return prefetch;
  }

  /** Chunks sent ahead to each worker slot (at least 1). */
  public PoolOptions setPrefetch(int prefetch) {
    this.prefetch = requireAtLeast(prefetch, 1, "prefetch");
    return this;
  }

  public int getMaxChunksInFlight() {
    return maxChunksInFlight;
  }

  /** A cap on the chunks one job has in flight; 0 leaves it to the workers' credits. */
  public PoolOptions setMaxChunksInFlight(int maxChunksInFlight) {
    this.maxChunksInFlight = requireAtLeast(maxChunksInFlight, 0, "maxChunksInFlight");
    return this;
  }

  public long getNoWorkersTimeoutMs() {
    return noWorkersTimeoutMs;
  }

  /** How long a job waits for a first worker before it fails with {@link NoWorkersException}. */
  public PoolOptions setNoWorkersTimeoutMs(long noWorkersTimeoutMs) {
    this.noWorkersTimeoutMs = requireAtLeast(noWorkersTimeoutMs, 0, "noWorkersTimeoutMs");
    return this;
  }

  public long getLoginTimeoutMs() {
    return loginTimeoutMs;
  }

  public PoolOptions setLoginTimeoutMs(long loginTimeoutMs) {
    this.loginTimeoutMs = requireAtLeast(loginTimeoutMs, 1, "loginTimeoutMs");
    return this;
  }

  public long getTaskTimeoutMs() {
    return taskTimeoutMs;
  }

  /**
   * Each item's time limit, 0 for none. An item over it fails the job with a
   * {@link java.util.concurrent.TimeoutException} naming the item; its thread is interrupted.
   */
  public PoolOptions setTaskTimeoutMs(long taskTimeoutMs) {
    this.taskTimeoutMs = requireAtLeast(taskTimeoutMs, 0, "taskTimeoutMs");
    return this;
  }

  public int getMaxRetries() {
    return maxRetries;
  }

  /** How often a chunk lost with its worker is sent again before the job fails. */
  public PoolOptions setMaxRetries(int maxRetries) {
    this.maxRetries = requireAtLeast(maxRetries, 0, "maxRetries");
    return this;
  }

  public boolean isRetryFailedTasks() {
    return retryFailedTasks;
  }

  /**
   * Whether a chunk whose task threw is sent again (up to {@link #getMaxRetries()} times), for
   * tasks that may fail for a passing reason. Off by default: a task that throws fails the job.
   */
  public PoolOptions setRetryFailedTasks(boolean retryFailedTasks) {
    this.retryFailedTasks = retryFailedTasks;
    return this;
  }

  public int getMaxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * The largest chunk message this pool sends (default 8 MiB); larger chunks are split, and a
   * single item over it fails the job naming the item. Workers enforce their own limit too.
   */
  public PoolOptions setMaxMessageBytes(int maxMessageBytes) {
    this.maxMessageBytes = requireAtLeast(maxMessageBytes, 1024, "maxMessageBytes");
    return this;
  }

  public String getCodec() {
    return codec;
  }

  /**
   * How chunks and results travel: {@code "binary"} (the default: compact, for JVM pools) or
   * {@code "json"} (JSON text, readable when debugging). Workers answer in the codec they were
   * asked in; tasks see the same values either way.
   */
  public PoolOptions setCodec(String codec) {
    io.taskbus.protocol.WireCodec.named(codec); // refuses any other name
    this.codec = codec;
    return this;
  }

  public boolean isJobReports() {
    return jobReports;
  }

  /**
   * Whether a connected pool reports its jobs to the cluster (default on): a job that runs
   * longer than half a second publishes its progress, signed with the pool's session, on
   * {@code <address>.jobs} twice a second, and its final record into the cluster's bounded job
   * history, so that the dashboard shows it while it runs and after this client has gone. A
   * report carries counts, times, the task's name and a failed item's error and output, never
   * arguments or results. Shorter jobs cost nothing.
   */
  public PoolOptions setJobReports(boolean jobReports) {
    this.jobReports = jobReports;
    return this;
  }

  /** The listeners every job of the pool tells what it does; see {@link PoolListener}. */
  public List<PoolListener> getListeners() {
    return List.copyOf(listeners);
  }

  /** Adds a listener that hears every job of the pool (not part of the JSON form). */
  public PoolOptions addListener(PoolListener listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    listeners.add(listener);
    return this;
  }

  @Override
  public String toString() {
    return "PoolOptions" + toJson().encode();
  }

  private static int requireAtLeast(int value, int min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }

  private static long requireAtLeast(long value, long min, String name) {
    if (value < min) {
      throw new IllegalArgumentException(name + " must be >= " + min + ", got " + value);
    }
    return value;
  }
}
