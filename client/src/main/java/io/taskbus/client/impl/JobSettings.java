package io.taskbus.client.impl;

import io.taskbus.client.PoolOptions;

/** The options a job reads, fixed when it starts. */
record JobSettings(int chunkSize, int maxChunksInFlight, int maxRetries, long noWorkersTimeoutMs,
                   long taskTimeoutMs, boolean retryFailedTasks) {

  /** @param chunkSize this job's chunk size; 0 takes the options' */
  static JobSettings of(PoolOptions options, int chunkSize) {
    return new JobSettings(chunkSize > 0 ? chunkSize : options.getChunkSize(), options.getMaxChunksInFlight(),
        options.getMaxRetries(), options.getNoWorkersTimeoutMs(), options.getTaskTimeoutMs(),
        options.isRetryFailedTasks());
  }
}
