package dev.keyward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pod's memory as the kernel accounts it: its pod-level cgroup on the local node (cgroup v1
 * {@code memory.usage_in_bytes} and {@code memory.stat}, or v2 {@code memory.current} and {@code
 * memory.stat}), the figure the kubelet's eviction and the container's limit are judged on. The
 * working set is the usage less inactive file pages, as the kubelet computes it.
 */
public record PodCgroupMemory(long usageBytes, long workingSetBytes, long rssBytes) {

  private static final Path V1 = Path.of("/sys/fs/cgroup/memory");
  private static final Path V2 = Path.of("/sys/fs/cgroup");

  /** The pod with this uid, when its cgroup is found on this machine. */
  public static Optional<PodCgroupMemory> ofPod(String podUid) {
    boolean v1 = Files.isDirectory(V1);
    Optional<Path> dir = find(v1 ? V1 : V2, "pod" + podUid);
    if (dir.isEmpty()) {
      // The systemd driver writes the uid with underscores.
      dir = find(v1 ? V1 : V2, "pod" + podUid.replace('-', '_'));
    }
    return dir.map(d -> read(d, v1));
  }

  private static Optional<Path> find(Path root, String name) {
    try (Stream<Path> dirs = Files.find(root, 8, (p, a) -> a.isDirectory() && matches(p, name))) {
      return dirs.findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean matches(Path p, String name) {
    String file = p.getFileName() == null ? "" : p.getFileName().toString();
    return file.equals(name) || file.endsWith("-" + name + ".slice");
  }

  private static PodCgroupMemory read(Path dir, boolean v1) {
    try {
      Map<String, Long> stat = new HashMap<>();
      for (String line : Files.readAllLines(dir.resolve("memory.stat"))) {
        String[] kv = line.split(" ");
        if (kv.length == 2) {
          stat.put(kv[0], Long.parseLong(kv[1]));
        }
      }
      if (v1) {
        long usage = Long.parseLong(Files.readString(dir.resolve("memory.usage_in_bytes")).strip());
        long inactive = stat.getOrDefault("total_inactive_file", 0L);
        return new PodCgroupMemory(
            usage, Math.max(0, usage - inactive), stat.getOrDefault("total_rss", 0L));
      }
      long usage = Long.parseLong(Files.readString(dir.resolve("memory.current")).strip());
      long inactive = stat.getOrDefault("inactive_file", 0L);
      return new PodCgroupMemory(
          usage, Math.max(0, usage - inactive), stat.getOrDefault("anon", 0L));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
