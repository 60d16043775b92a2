package io.taskbus.task;

import io.taskbus.shared.SharedCounter;
import io.taskbus.shared.SharedLock;
import io.taskbus.shared.SharedMap;
import java.io.PrintStream;

/**
 * What a running task may ask of the pool: where it is, whether its job was cancelled, and a
 * place to write output that travels back with its result instead of interleaving on a shared
 * terminal.
 */
public interface TaskContext {

  /** The task's registered name. */
  String task();

  /** The id of the job this item belongs to. */
  String job();

  /** The item's index in the job's input. */
  long index();

  /** The id of the worker running the item. */
  String worker();

  /** Records a line of output; it is returned with the chunk, in item order. */
  void log(String line);

  /**
   * A stream whose lines are recorded as {@link #log} records them: cut at each line end and
   * read as UTF-8; a last line without its end is recorded when the item returns. An item keeps
   * at most 1,000 lines or 64 KiB of output, {@code log} and {@code out()} together; a last line
   * says how many more it wrote. Closing it records the pending line.
   */
  PrintStream out();

  /** True once the job was cancelled or the item's time is up; long tasks should check it. */
  boolean cancelled();

  /**
   * The counter of that name, shared with every item, job and pool that names it: across the
   * cluster on a worker node, within the JVM in the embedded pool. Items run at least once
   * (a lost worker's chunk is run again), so a count of runs may exceed the items.
   *
   * @see io.taskbus.shared.SharedState
   */
  SharedCounter counter(String name);

  /** The map of JSON values of that name, shared as {@link #counter(String)} is. */
  SharedMap sharedMap(String name);

  /** The lock of that name, shared as {@link #counter(String)} is. */
  SharedLock lock(String name);
}
