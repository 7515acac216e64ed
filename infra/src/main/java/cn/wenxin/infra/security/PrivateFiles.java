package cn.wenxin.infra.security;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * The data directory holds password hashes, birth dates, notes and the token key: only the service's own user may
 * enter it (0700) or read its files (0600). On a file system without POSIX permissions this does nothing.
 */
public final class PrivateFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {
  }

  /** Creates the directory if needed and makes it owner-only, also when it existed with looser rights. */
  public static Path directory(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (POSIX) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    return dir;
  }

  /** Makes every regular file directly in the directory owner-only. */
  public static void tighten(Path dir) throws IOException {
    if (!POSIX) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        try {
          Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        } catch (java.nio.file.NoSuchFileException gone) {
          // Moved or deleted since the listing (another key's temporary file, written while the services start
          // side by side): nothing left to tighten.
        }
      }
    }
  }
}
