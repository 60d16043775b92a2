package io.taskbus.task;

/** A task of any fixed number of typed arguments, converted to the declared types in order. */
@FunctionalInterface
public interface TaskN<R> {

  R apply(Object[] args) throws Exception;
}
