package io.taskbus.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files that hold secrets (a signing secret, users' password entries, private keys, a conf with
 * a password): only their owner may read or write them. Where the file system has no POSIX
 * permissions the checks are skipped. In core because worker nodes and clients both read such
 * files; not for users.
 */
public final class SecretFiles {

  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
      PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
      PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private SecretFiles() {
  }

  /**
   * Creates {@code file} readable and writable by its owner only, from the start (no moment
   * when another user could open it), and writes {@code text} into it.
   *
   * @throws FileAlreadyExistsException when it exists: a secret is never silently replaced
   */
  public static void create(Path file, String text) throws IOException {
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException noPosix) {
      Files.createFile(file);
    }
    Files.writeString(file, text);
  }

  /**
   * Refuses a secret file that its group or others may use, naming the file, the setting that
   * names it and the fix. A missing file is left to its reader to report.
   *
   * @param setting what the file is, named as its user knows it (e.g. {@code auth.secretFile})
   * @throws IllegalStateException when its group or others have any permission on it
   */
  public static void checkOwnerOnly(Path file, String setting) {
    Set<PosixFilePermission> permissions;
    try {
      permissions = Files.getPosixFilePermissions(file);
    } catch (UnsupportedOperationException | NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the permissions of " + setting + " " + file, e);
    }
    if (permissions.stream().anyMatch(OTHERS::contains)) {
      throw new IllegalStateException(setting + " " + file + " is open to its group or others ("
          + PosixFilePermissions.toString(permissions) + "); a file of secrets must be its"
          + " owner's only: run chmod 600 " + file);
    }
  }
}
