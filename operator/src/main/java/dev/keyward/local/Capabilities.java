package dev.keyward.local;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/** The effective Linux capabilities of this process, as far as the local node cares. */
final class Capabilities {

  private static final int CAP_SYS_RESOURCE = 24;

  private Capabilities() {}

  /** Whether this process may raise limits and lower OOM scores (root usually may). */
  static boolean sysResource() {
    try {
      return Files.readAllLines(Path.of("/proc/self/status")).stream()
          .filter(l -> l.startsWith("CapEff:"))
          .map(l -> new BigInteger(l.substring("CapEff:".length()).trim(), 16))
          .anyMatch(caps -> caps.testBit(CAP_SYS_RESOURCE));
    } catch (IOException | NumberFormatException e) {
      return true;
    }
  }
}
