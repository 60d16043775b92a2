package io.taskbus.client.impl;

import io.taskbus.client.JobInfo;
import io.taskbus.client.PoolListener;
import io.taskbus.client.Progress;
import java.util.Arrays;
import java.util.List;

/**
 * A job's listeners as one: each call goes to every listener in turn, and what one throws is
 * logged and dropped, so that neither the job nor the listeners after
 * it suffer. An array and an indexed loop: the dispatch path calls this per chunk and must not
 * allocate for it. Used on the pool's context only.
 */
final class JobListeners {

  private static final System.Logger LOG = System.getLogger(JobListeners.class.getName());

  private PoolListener[] listeners;

  JobListeners(List<PoolListener> listeners) {
    this.listeners = listeners.toArray(new PoolListener[0]);
  }

  /** One more listener, for this job alone. */
  void add(PoolListener listener) {
    listeners = Arrays.copyOf(listeners, listeners.length + 1);
    listeners[listeners.length - 1] = listener;
  }

  void jobStarted(JobInfo job, long total) {
    for (PoolListener l : listeners) {
      try {
        l.jobStarted(job, total);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  void chunkSent(JobInfo job, String worker, int items, int attempt) {
    for (PoolListener l : listeners) {
      try {
        l.chunkSent(job, worker, items, attempt);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  void chunkResent(JobInfo job, String worker, int items, int attempt) {
    for (PoolListener l : listeners) {
      try {
        l.chunkResent(job, worker, items, attempt);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  void chunkCompleted(JobInfo job, String worker, int items, long roundTripNanos,
      long workerMicros) {
    for (PoolListener l : listeners) {
      try {
        l.chunkCompleted(job, worker, items, roundTripNanos, workerMicros);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  void chunkFailed(JobInfo job, String worker, int items, Throwable cause, boolean retried) {
    for (PoolListener l : listeners) {
      try {
        l.chunkFailed(job, worker, items, cause, retried);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  void jobEnded(JobInfo job, Progress progress, Throwable error) {
    for (PoolListener l : listeners) {
      try {
        l.jobEnded(job, progress, error);
      } catch (RuntimeException e) {
        threw(l, e);
      }
    }
  }

  private static void threw(PoolListener listener, RuntimeException e) {
    LOG.log(System.Logger.Level.WARNING, "pool listener " + listener.getClass().getName()
        + " threw; listeners must not throw", e);
  }
}
