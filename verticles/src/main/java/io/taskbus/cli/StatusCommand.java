package io.taskbus.cli;

import io.taskbus.client.TaskPool;
import io.taskbus.protocol.WorkerInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", description = "List the cluster's nodes, their slots and tasks.")
final class StatusCommand extends ClientCommand {

  /** Workers answer discovery at once; this bounds the wait for the last of them. */
  private static final long SETTLE_MS = 3_000;
  private static final long POLL_MS = 200;
  private static final int STABLE_POLLS = 3;

  @Option(names = "--json", description = "print {\"nodes\": [{\"id\", \"slots\", \"tasks\"}]}")
  boolean json;

  @Override
  int run(TaskPool pool, PrintStream out) throws Exception {
    JsonObject status = toStatus(settle(pool));
    if (json) {
      out.println(TerminalText.json(status));
    } else {
      print(status, out);
    }
    return ExitCodes.OK;
  }

  /** Polls the pool's directory until it stops growing, within {@value #SETTLE_MS} ms. */
  private static List<WorkerInfo> settle(TaskPool pool) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_MS);
    List<WorkerInfo> seen = List.of();
    int stable = 0;
    while (System.nanoTime() < deadline && stable < STABLE_POLLS) {
      Thread.sleep(POLL_MS); // polling a directory filled by broadcasts, not synchronising a test
      List<WorkerInfo> now = pool.workers().await(POLL_MS * 5, TimeUnit.MILLISECONDS);
      stable = !now.isEmpty() && now.size() == seen.size() ? stable + 1 : 0;
      seen = now;
    }
    return seen;
  }

  static JsonObject toStatus(List<WorkerInfo> workers) {
    Map<String, JsonObject> nodes = new LinkedHashMap<>();
    Map<String, TreeSet<String>> tasks = new LinkedHashMap<>();
    for (WorkerInfo w : workers) {
      JsonObject node = nodes.computeIfAbsent(w.node(), id -> new JsonObject().put("id", id)
          .put("slots", 0).put("workers", 0));
      node.put("slots", node.getInteger("slots") + w.slots());
      node.put("workers", node.getInteger("workers") + 1);
      tasks.computeIfAbsent(w.node(), id -> new TreeSet<>()).addAll(w.tasks());
    }
    JsonArray list = new JsonArray();
    nodes.forEach((id, node) -> list.add(node.put("tasks", new JsonArray(List.copyOf(
        tasks.get(id))))));
    return new JsonObject().put("nodes", list);
  }

  /** Node ids and task names come from announcements: cleaned before a terminal sees them. */
  static void print(JsonObject status, PrintStream out) {
    JsonArray nodes = status.getJsonArray("nodes");
    out.println(nodes.size() + " node(s)");
    for (int i = 0; i < nodes.size(); i++) {
      JsonObject node = nodes.getJsonObject(i);
      out.printf("  %s  slots=%d  workers=%d  tasks=%s%n",
          TerminalText.clean(node.getString("id")), node.getInteger("slots"),
          node.getInteger("workers"),
          TerminalText.clean(String.join(",", node.getJsonArray("tasks").getList())));
    }
  }
}
