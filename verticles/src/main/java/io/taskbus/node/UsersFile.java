package io.taskbus.node;

import io.taskbus.auth.StoredKeys;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The users file: {@code user.<name>=scram-sha-256:<iterations>:<salt>:<StoredKey>:<ServerKey>
 * [,<role>...]} and {@code role.<name>=<permission>[,<permission>...]}, the role lines as
 * vertx-auth-properties had them. It holds what checks a password, never the password:
 * {@code bin/taskbus passwd NAME} writes the entries.
 */
public final class UsersFile {

  /** User names that the CLI writes: no separator of the file's format, no control character. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final String USER = "user.";
  private static final String ROLE = "role.";

  private final Map<String, StoredKeys> keys = new HashMap<>();
  private final Map<String, List<String>> roles = new HashMap<>();
  private final Map<String, List<String>> rolePermissions = new HashMap<>();

  private UsersFile() {
  }

  /**
   * @throws IllegalStateException when the file cannot be read, or an entry is not stored keys
   *     (a plaintext password of the old format included), naming the user and the fix
   */
  static UsersFile load(Path file) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file)) {
      p.load(in);
    } catch (IOException e) {
      throw new IllegalStateException("users file cannot be read: " + file, e);
    }
    UsersFile users = new UsersFile();
    for (String key : p.stringPropertyNames()) {
      List<String> values = split(p.getProperty(key));
      if (key.startsWith(ROLE)) {
        users.rolePermissions.put(key.substring(ROLE.length()), values);
      } else if (key.startsWith(USER)) {
        users.addUser(file, key.substring(USER.length()), values);
      }
    }
    return users;
  }

  private void addUser(Path file, String name, List<String> values) {
    try {
      keys.put(name, StoredKeys.parse(values.isEmpty() ? "" : values.get(0)));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("users file " + file + ": user '" + name + "' has no "
          + StoredKeys.PREFIX + " entry (" + e.getMessage() + "); plaintext passwords are no"
          + " longer accepted: run bin/taskbus passwd " + name + " --file " + file);
    }
    roles.put(name, values.subList(1, values.size()));
  }

  /** The user's stored keys, or null when there is no such user. */
  StoredKeys keys(String user) {
    return keys.get(user);
  }

  /** The permissions of the user's roles, sorted. */
  List<String> permissions(String user) {
    TreeSet<String> out = new TreeSet<>();
    roles.getOrDefault(user, List.of())
        .forEach(role -> out.addAll(rolePermissions.getOrDefault(role, List.of())));
    return List.copyOf(out);
  }

  /**
   * Sets {@code user}'s password: new stored keys with a fresh salt, written as {@link #write}
   * does. For {@code bin/taskbus passwd}.
   */
  public static void setPassword(Path file, String user, String password, int iterations,
      List<String> roles) throws IOException {
    write(file, user, StoredKeys.derive(password, iterations), roles);
  }

  /**
   * Writes {@code user}'s entry, replacing the one there (whose roles are kept when
   * {@code newRoles} is null); the rest of the file is kept as it was. The file is written anew,
   * readable by its owner only, and moved into place.
   */
  static void write(Path file, String user, StoredKeys entry, List<String> newRoles)
      throws IOException {
    if (!NAME.matcher(user).matches()) {
      throw new IllegalArgumentException("a user name is 1 to 64 of A-Z a-z 0-9 . _ @ -");
    }
    List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file))
        : new ArrayList<>();
    List<String> kept = newRoles;
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      String[] kv = lines.get(i).split("=", 2);
      if (kv.length == 2 && kv[0].strip().equals(USER + user)) {
        at = i;
        List<String> old = split(kv[1]);
        kept = newRoles != null ? newRoles : old.subList(Math.min(1, old.size()), old.size());
      }
    }
    StringBuilder line = new StringBuilder(USER).append(user).append('=').append(entry.encode());
    (kept == null ? List.<String>of() : kept).forEach(r -> line.append(',').append(r));
    if (at >= 0) {
      lines.set(at, line.toString());
    } else {
      lines.add(line.toString());
    }
    writeOwnerOnly(file, lines);
  }

  private static void writeOwnerOnly(Path file, List<String> lines) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, ".users", ".tmp");
    try {
      trySetOwnerOnly(temp);
      Files.write(temp, lines);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void trySetOwnerOnly(Path path) throws IOException {
    try {
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: its own defaults apply
    }
  }

  private static List<String> split(String value) {
    return Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
