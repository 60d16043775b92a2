package io.taskbus.cli;

import io.taskbus.client.MapResult;
import io.taskbus.client.OutputLine;
import io.taskbus.client.Progress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Waits for a map on the command's own thread while showing it: its progress, and with
 * {@code --show-output} the lines its items wrote, in item order. The pool's context only puts
 * events in a queue (a slow terminal must not hold it up); this thread prints them.
 */
final class JobWatch {

  private static final Object END = new Object();

  private final ProgressView view;
  private final boolean showOutput;
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private int shown; // output lines printed

  JobWatch(ProgressView view, boolean showOutput) {
    this.view = view;
    this.showOutput = showOutput;
  }

  /** The job's results, once it has them; its failure as {@code get()} throws it. */
  <R> List<R> await(MapResult<R> job) throws Exception {
    if (showOutput) {
      job.onOutput(events::add);
    }
    job.onProgress(events::add);
    job.onComplete(done -> events.add(END));
    view.update(job.progress()); // a bar knows the total before the first tick
    try {
      for (Object event = events.take(); event != END; event = events.take()) {
        show(event);
      }
    } finally {
      if (showOutput) {
        showRest(job.output()); // listeners may be told after the job ends; the job knows it all
      }
      view.finish(job.progress());
    }
    return job.get();
  }

  private void show(Object event) {
    if (event instanceof Progress progress) {
      view.update(progress);
    } else if (event instanceof OutputLine line) {
      view.print(TerminalText.of(line));
      shown++;
    }
  }

  private void showRest(List<OutputLine> all) {
    for (int i = shown; i < all.size(); i++) {
      view.print(TerminalText.of(all.get(i)));
    }
    shown = all.size();
  }
}
