package io.taskbus.node;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sends every log of a taskbus JVM through SLF4J to logback ({@code conf/logback.xml}): Vert.x
 * and Netty find SLF4J themselves, {@code System.Logger} goes there through
 * slf4j-jdk-platform-logging, Hazelcast once {@code hazelcast.logging.type} is {@code slf4j},
 * and whatever still logs to java.util.logging through its bridge. Called first thing in a
 * main, before Hazelcast's classes load.
 */
public final class NodeLogging {

  private NodeLogging() {
  }

  public static void install() {
    if (System.getProperty("hazelcast.logging.type") == null) {
      System.setProperty("hazelcast.logging.type", "slf4j");
    }
    if (!SLF4JBridgeHandler.isInstalled()) {
      SLF4JBridgeHandler.removeHandlersForRootLogger();
      SLF4JBridgeHandler.install();
    }
  }
}
