package io.taskbus.node;

import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Which chunks a worker runs on its event loop instead of handing them to a worker thread: a
 * single small item of a task that has proved fast, with no time limit to enforce. The two
 * thread switches of a pooled run cost more than such an item (a quarter of an {@code apply}'s
 * round trip on a 2-core machine); a task proves fast by running {@value #FAST_RUNS_NEEDED}
 * chunks in a row at under {@value #FAST_MICROS} µs an item, and loses it with one chunk that
 * is slower or fails, so the event loop is held at most once for as long as a slow item takes.
 * A task whose items used shared state never runs there again: its blocking forms cannot wait
 * on an event loop. Runs on the worker's context.
 */
final class InlineRuns {

  /** Bodies larger than this are decoded and run off the event loop, whatever the task. */
  static final int MAX_BODY_BYTES = 1024;
  static final long FAST_MICROS = 200;
  static final int FAST_RUNS_NEEDED = 32;

  /** Fast chunks in a row, per task; only tasks the worker serves get an entry. */
  private final Map<String, Integer> fastRuns = new HashMap<>();
  /** Tasks that used shared state; only tasks the worker serves get here. */
  private final Set<String> never = new HashSet<>();

  /** True when a chunk of {@code task} with this body may be decoded on the event loop. */
  boolean mayDecodeInline(String task, Object body) {
    return body instanceof Buffer buffer && buffer.length() <= MAX_BODY_BYTES
        && fastRuns.getOrDefault(task, 0) >= FAST_RUNS_NEEDED;
  }

  /** True when a decoded chunk may also run there: one item, no deadline to arm. */
  static boolean mayRunInline(int items, long timeoutMs) {
    return items == 1 && timeoutMs <= 0;
  }

  /** A chunk of {@code task} ran {@code items} items in {@code micros}, wherever it ran. */
  void ran(String task, int items, long micros) {
    if (never.contains(task)) {
      return;
    }
    if (items > 0 && micros / items < FAST_MICROS) {
      fastRuns.merge(task, 1, (a, b) -> Math.min(FAST_RUNS_NEEDED, a + b));
    } else {
      fastRuns.remove(task);
    }
  }

  /** A chunk of {@code task} used shared state: it never runs on the event loop again. */
  void never(String task) {
    never.add(task);
    fastRuns.remove(task);
  }

  /** A chunk of {@code task} failed: its items' time is unknown, so the task starts over. */
  void failed(String task) {
    fastRuns.remove(task);
  }
}
