package io.taskbus.task.impl;

import io.taskbus.shared.SharedCounter;
import io.taskbus.shared.SharedLock;
import io.taskbus.shared.SharedMap;
import io.taskbus.shared.SharedState;
import io.taskbus.task.TaskContext;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** The context of one item while it runs; expiry interrupts the item's thread, and only it. */
final class ItemContext implements TaskContext, ChunkRunner.WatchedItem {

  private final String task;
  private final String job;
  private final long index;
  private final String worker;
  private final TaskLog logs;
  /** Made on the first line: most items write nothing, and a chunk may hold thousands. */
  private ItemLog output;
  /** Set once the item wrote: its end then needs the lock, an item that wrote nothing not. */
  private volatile boolean wrote;
  /** The item returned: lines from threads it left running are dropped. */
  private volatile boolean ended;
  private final BooleanSupplier jobCancelled;
  private final SharedState shared;
  private final Thread thread = Thread.currentThread();
  private boolean running = true;
  private LineOutputStream outBytes;
  private PrintStream out;
  private volatile boolean expired;
  /** Asked for shared state: a network round trip, and blocking forms the event loop refuses. */
  private volatile boolean usedSharedState;

  ItemContext(String task, String job, long index, String worker, TaskLog logs,
      BooleanSupplier jobCancelled, SharedState shared) {
    this.task = task;
    this.job = job;
    this.index = index;
    this.worker = worker;
    this.logs = logs;
    this.jobCancelled = jobCancelled;
    this.shared = shared;
  }

  @Override
  public String task() {
    return task;
  }

  @Override
  public String job() {
    return job;
  }

  @Override
  public long index() {
    return index;
  }

  @Override
  public String worker() {
    return worker;
  }

  @Override
  public void log(String line) {
    add(String.valueOf(line));
  }

  private void add(String line) {
    ItemLog lines = output();
    if (lines != null) {
      lines.add(line);
    }
  }

  /** The item's lines, made on first use; null once the item ended without writing. */
  private synchronized ItemLog output() {
    if (output == null && !ended) {
      output = new ItemLog(index, logs);
      wrote = true;
    }
    return output;
  }

  /** Made on first use: most tasks never print, and a chunk may hold thousands of items. */
  @Override
  public synchronized PrintStream out() {
    if (out == null) {
      output(); // the stream may hold a last line: the item's end must flush it
      outBytes = new LineOutputStream(this::add);
      out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    }
    return out;
  }

  /** The item returned (or threw): its last line without an end, and its count of dropped lines. */
  /** What this item wrote so far (kept within the chunk's budget). */
  java.util.List<String> outputLines() {
    return logs.linesOf(index);
  }

  void endOutput() {
    ended = true;
    if (!wrote) {
      return;
    }
    LineOutputStream bytes;
    synchronized (this) {
      if (out != null) {
        out.flush();
      }
      bytes = outBytes;
    }
    if (bytes != null) {
      bytes.endLine();
    }
    output.end();
  }

  @Override
  public boolean cancelled() {
    return expired || jobCancelled.getAsBoolean();
  }

  @Override
  public SharedCounter counter(String name) {
    usedSharedState = true;
    return shared.counter(name);
  }

  @Override
  public SharedMap sharedMap(String name) {
    usedSharedState = true;
    return shared.sharedMap(name);
  }

  @Override
  public SharedLock lock(String name) {
    usedSharedState = true;
    return shared.lock(name);
  }

  boolean usedSharedState() {
    return usedSharedState;
  }

  boolean expired() {
    return expired;
  }

  @Override
  public synchronized void expire() {
    if (running) {
      expired = true;
      thread.interrupt();
    }
  }

  synchronized void finish() {
    running = false;
  }
}
