package io.taskbus.client.impl;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.lang.reflect.Field;

/**
 * The event loop on which this node reads what other nodes send it. Vert.x serves every
 * inbound cluster connection on its clustered event bus's own context, so a worker's answer is
 * read there whichever worker sends it. A pool whose context runs on that loop takes the answer
 * where it is read; on any other loop, each answer first wakes that loop, which costs an
 * {@code apply} tens of microseconds of its round trip.
 */
final class InboundLoop {

  private static final System.Logger LOG = System.getLogger(InboundLoop.class.getName());

  private InboundLoop() {
  }

  /**
   * The loop, or null where there is none to find: a bus that is not clustered, or a Vert.x
   * that keeps it elsewhere than 5.0's clustered event bus does (its private {@code context}).
   */
  static EventLoop of(Vertx vertx) {
    Object bus = vertx.eventBus();
    if (!bus.getClass().getName().endsWith(".ClusteredEventBus")) {
      return null;
    }
    try {
      Field field = bus.getClass().getDeclaredField("context");
      field.setAccessible(true);
      return field.get(bus) instanceof ContextInternal context ? context.nettyEventLoop() : null;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG,
          "the event bus's inbound loop is not to be found; a pool runs elsewhere", e);
      return null;
    }
  }
}
