package io.taskbus.auth;

import java.util.Collection;

/** The permission rule: {@code *}, {@code run:*} or {@code run:<task>} lets a user run a task. */
public final class Permissions {

  public static final String RUN_PREFIX = "run:";

  private Permissions() {
  }

  public static boolean allows(Collection<String> permissions, String task) {
    return permissions.contains("*") || permissions.contains(RUN_PREFIX + "*")
        || permissions.contains(RUN_PREFIX + task);
  }
}
