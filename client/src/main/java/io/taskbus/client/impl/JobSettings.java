package io.taskbus.client.impl;

import io.taskbus.client.JobOptions;
import io.taskbus.client.PoolOptions;

/** The options a job reads, fixed when it starts. */
record JobSettings(int chunkSize, int maxChunksInFlight, int maxRetries, long noWorkersTimeoutMs,
                   long taskTimeoutMs, boolean retryFailedTasks, int streamBuffer,
                   Class<?> resultType) {

  /** @param chunkSize this job's chunk size; 0 takes the options' */
  static JobSettings of(PoolOptions options, int chunkSize) {
    return of(options, chunkSize > 0 ? new JobOptions().setChunkSize(chunkSize)
        : new JobOptions());
  }

  static JobSettings of(PoolOptions pool, JobOptions job) {
    return new JobSettings(job.getChunkSize(pool), job.getMaxChunksInFlight(pool),
        job.getMaxRetries(pool), pool.getNoWorkersTimeoutMs(), job.getTaskTimeoutMs(pool),
        job.isRetryFailedTasks(pool), job.getStreamBuffer(), job.getResultType());
  }
}
