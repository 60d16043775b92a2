package io.taskbus.task;

/** A task of one typed argument. */
@FunctionalInterface
public interface Task1<A, R> {

  R apply(A a) throws Exception;
}
