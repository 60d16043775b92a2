package io.taskbus.client.rxjava3;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivex.rxjava3.core.Flowable;
import io.reactivex.rxjava3.processors.PublishProcessor;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A Flowable as a job's input stream: asked only for what is fetched, ended exactly once. */
@Timeout(30)
class FlowableInputTest {

  private final List<Integer> got = new ArrayList<>();
  private final AtomicInteger emitted = new AtomicInteger();
  private final AtomicInteger ended = new AtomicInteger();
  private final List<Throwable> errors = new ArrayList<>();

  private ReadStream<Integer> paused(Flowable<Integer> source) {
    ReadStream<Integer> input = FlowableInput.of(source.doOnNext(i -> emitted.incrementAndGet()));
    input.pause();
    input.handler(got::add);
    input.endHandler(v -> ended.incrementAndGet());
    input.exceptionHandler(errors::add);
    return input;
  }

  @Test
  void synchronousFlowable_emitsExactlyWhatIsFetched() {
    ReadStream<Integer> input = paused(Flowable.range(0, 100));
    assertThat(emitted).hasValue(0);
    input.fetch(50);
    assertThat(got).isEqualTo(IntStream.range(0, 50).boxed().toList());
    assertThat(emitted).hasValue(50);
    input.fetch(60);
    assertThat(got).hasSize(100);
    assertThat(ended).hasValue(1);
  }

  @Test
  void notSubscribed_beforeAHandlerIsSet() {
    AtomicInteger subscribed = new AtomicInteger();
    ReadStream<Integer> input = FlowableInput.of(Flowable.range(0, 3)
        .doOnSubscribe(s -> subscribed.incrementAndGet()));
    input.pause();
    input.endHandler(v -> ended.incrementAndGet());
    assertThat(subscribed).hasValue(0);
    input.handler(got::add);
    input.resume();
    assertThat(subscribed).hasValue(1);
    assertThat(got).containsExactly(0, 1, 2);
    assertThat(ended).hasValue(1);
  }

  @Test
  void emptyFlowable_endsEvenWhenTheEndHandlerComesLate() {
    ReadStream<Integer> input = FlowableInput.of(Flowable.empty());
    input.handler(got::add);
    input.endHandler(v -> ended.incrementAndGet());
    assertThat(ended).hasValue(1);
    input.fetch(5);
    assertThat(ended).as("told once").hasValue(1);
  }

  @Test
  void itemsEmittedAfterPause_waitForTheNextFetch() {
    PublishProcessor<Integer> source = PublishProcessor.create();
    ReadStream<Integer> input = paused(source);
    input.fetch(2);
    source.onNext(1);
    input.pause();
    source.onNext(2); // asked for before the pause: held, not lost
    assertThat(got).containsExactly(1);
    input.fetch(1);
    assertThat(got).containsExactly(1, 2);
  }

  @Test
  void failingFlowable_isReported_afterTheItemsBeforeIt() {
    ReadStream<Integer> input = paused(Flowable.range(0, 3)
        .concatWith(Flowable.error(new IOException("broke"))));
    input.fetch(2);
    assertThat(errors).isEmpty();
    input.fetch(5);
    assertThat(got).containsExactly(0, 1, 2);
    assertThat(errors).singleElement().isInstanceOf(IOException.class);
    assertThat(ended).hasValue(0);
  }

  @Test
  void unsettingTheHandler_cancelsTheFlowable() {
    AtomicInteger cancelled = new AtomicInteger();
    ReadStream<Integer> input = paused(Flowable.range(0, 1_000)
        .doOnCancel(cancelled::incrementAndGet));
    input.fetch(10);
    input.handler(null);
    assertThat(cancelled).hasValue(1);
    input.fetch(10);
    assertThat(got).hasSize(10);
    assertThat(emitted).hasValue(10);
  }
}
