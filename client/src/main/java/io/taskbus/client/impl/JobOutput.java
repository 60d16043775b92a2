package io.taskbus.client.impl;

import io.taskbus.client.OutputLine;
import io.taskbus.protocol.LogLine;
import io.vertx.core.Handler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job's items wrote, released in item order: an item's lines once it and every item
 * before it have a result, so that output reads as if the items had run one after another.
 * Lines that claim an item outside their chunk are not the chunk's and are dropped. Fed on the
 * pool's context; {@link #lines()} is safe from any thread.
 */
final class JobOutput {

  /** Chunks settled beyond the released prefix: first index to end (exclusive). */
  private final TreeMap<Integer, Integer> settledAhead = new TreeMap<>();
  private final TreeMap<Long, List<String>> waiting = new TreeMap<>();
  private final List<OutputLine> released = new ArrayList<>();
  private final List<Handler<OutputLine>> listeners = new ArrayList<>();
  private int prefix;

  /** Items {@code first .. first + count - 1} have their results, and wrote {@code logs}. */
  void settled(int first, int count, List<LogLine> logs) {
    for (LogLine log : logs) {
      if (log.index() >= first && log.index() < first + count) {
        waiting.computeIfAbsent(log.index(), i -> new ArrayList<>()).add(log.line());
      }
    }
    if (first != prefix) {
      settledAhead.put(first, first + count);
      return;
    }
    prefix = first + count;
    for (Integer end; (end = settledAhead.remove(prefix)) != null; ) {
      prefix = end;
    }
    release();
  }

  /** Replays what was released so far to {@code listener}, then tells it each new line. */
  void listen(Handler<OutputLine> listener) {
    for (OutputLine line : lines()) {
      listener.handle(line);
    }
    listeners.add(listener);
  }

  /** The lines released so far, in item order. */
  synchronized List<OutputLine> lines() {
    return List.copyOf(released);
  }

  private void release() {
    while (!waiting.isEmpty() && waiting.firstKey() < prefix) {
      Map.Entry<Long, List<String>> item = waiting.pollFirstEntry();
      for (String text : item.getValue()) {
        OutputLine line = new OutputLine(item.getKey(), text);
        synchronized (this) {
          released.add(line);
        }
        listeners.forEach(l -> l.handle(line));
      }
    }
  }
}
