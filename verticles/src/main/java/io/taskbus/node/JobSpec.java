package io.taskbus.node;

import io.taskbus.client.TaskPool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * A job as data: {@code {"kind": "map"|"starmap"|"apply", "task": ..., "args": [...]}}. For
 * {@code map} each element of {@code args} is an item; for {@code starmap} each is an argument
 * list; for {@code apply} they are the call's arguments.
 */
public record JobSpec(Kind kind, String task, JsonArray args) {

  /** The three ways to call a pool. */
  public enum Kind { MAP, STARMAP, APPLY }

  /** @throws IllegalArgumentException saying what is missing or malformed */
  public static JobSpec fromJson(JsonObject json) {
    if (json == null) {
      throw new IllegalArgumentException("no job: the conf needs a \"job\" section");
    }
    String kind = json.getString("kind", "map");
    Kind parsed;
    try {
      parsed = Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("job kind must be map, starmap or apply, got " + kind);
    }
    String task = json.getString("task");
    JsonArray args = json.getJsonArray("args", new JsonArray());
    if (task == null || task.isBlank()) {
      throw new IllegalArgumentException("the job needs a task name");
    }
    return new JobSpec(parsed, task, args);
  }

  /** Runs the job; the outcome is the ordered result list, or the single value of an apply. */
  public Future<Object> run(TaskPool pool) {
    return switch (kind) {
      case MAP -> pool.mapAsync(task, args.getList()).toFuture().map(r -> (Object) r);
      case STARMAP -> pool.starmapAsync(task, argLists()).toFuture().map(r -> (Object) r);
      case APPLY -> pool.applyAsync(task, args.getList().toArray()).toFuture();
    };
  }

  private List<List<?>> argLists() {
    List<List<?>> lists = new ArrayList<>(args.size());
    for (int i = 0; i < args.size(); i++) {
      if (!(args.getValue(i) instanceof JsonArray list)) {
        throw new IllegalArgumentException("starmap needs an array of argument arrays; element "
            + i + " is " + args.getValue(i));
      }
      lists.add(list.getList());
    }
    return lists;
  }
}
