package io.taskbus.client.impl;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;

/** A transport whose chunks wait until the test answers them. */
final class FakeTransport extends ChunkTransport {

  /** A chunk sent, and the promise the test completes or fails. */
  record Sent(ChunkSpec chunk, Promise<ChunkResult> promise) {

    /** Answers with each item's first argument doubled. */
    void doubled() {
      List<Object> results = new ArrayList<>();
      for (Object args : chunk.args()) {
        results.add(2 * ((Integer) ((List<?>) args).get(0)));
      }
      promise.complete(new ChunkResult(results, List.of(), "w", 0, 0));
    }
  }

  final List<Sent> sent = new ArrayList<>();
  final List<String> cancelled = new ArrayList<>();
  int credits = 4;
  boolean workers = true;
  RuntimeException sendFails;

  @Override
  boolean hasWorkers() {
    return workers;
  }

  @Override
  int slots() {
    return 2;
  }

  @Override
  boolean hasCredit(String task) {
    return pending().size() < credits;
  }

  @Override
  Future<ChunkResult> send(ChunkSpec chunk) {
    if (sendFails != null) {
      throw sendFails;
    }
    sentTo = "w";
    Sent s = new Sent(chunk, Promise.promise());
    sent.add(s);
    return s.promise.future();
  }

  @Override
  void cancel(String job) {
    cancelled.add(job);
  }

  @Override
  String describe() {
    return "the fake";
  }

  /** Chunks sent and not answered yet, oldest first. */
  List<Sent> pending() {
    return sent.stream().filter(s -> !s.promise.future().isComplete()).toList();
  }

  /** Tells the jobs that workers or room changed. */
  void changed() {
    fireChanged();
  }
}
