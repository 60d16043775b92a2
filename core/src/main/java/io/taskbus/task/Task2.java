package io.taskbus.task;

/** A task of two typed arguments. */
@FunctionalInterface
public interface Task2<A, B, R> {

  R apply(A a, B b) throws Exception;
}
