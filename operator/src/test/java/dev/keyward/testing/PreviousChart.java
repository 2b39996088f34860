package dev.keyward.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The chart users had before this one: the previous release tag once releases are tagged (a tag
 * {@code v*} whose chart differs from the working tree's), until then the chart as of the commit
 * before the last one that changed it (or as of HEAD, when the working tree changed it since). Read
 * from Git; empty where there is no history (a source tarball).
 */
public final class PreviousChart {

  private static final String CHART = "helm/keyward";

  private PreviousChart() {}

  /** The previous chart extracted under {@code dir}, and the commit it was taken from. */
  public record Extracted(Path chart, String commit) {}

  public static Optional<Extracted> extract(Path into) {
    Path repo = TestCluster.repoRoot();
    // Absolute: git runs in the repository, not in this JVM's working directory.
    Path dir = into.toAbsolutePath();
    Optional<String> commit = commit(repo);
    if (commit.isEmpty()) {
      return Optional.empty();
    }
    try {
      Files.createDirectories(dir);
      Path archive = dir.resolve("previous-chart.tar");
      if (git(repo, "archive", "--format=tar", "-o", archive.toString(), commit.get(), CHART)
          .isEmpty()) {
        return Optional.empty();
      }
      Process tar =
          new ProcessBuilder("tar", "-xf", archive.toString(), "-C", dir.toString())
              .redirectErrorStream(true)
              .start();
      tar.getInputStream().readAllBytes();
      if (tar.waitFor() != 0) {
        return Optional.empty();
      }
      return Optional.of(new Extracted(dir.resolve(CHART), commit.get()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private static Optional<String> commit(Path repo) {
    Optional<String> tag =
        git(repo, "describe", "--tags", "--abbrev=0", "--match", "v*", "HEAD")
            .filter(t -> !t.isBlank())
            .filter(t -> git(repo, "diff", "--quiet", t, "--", CHART).isEmpty());
    if (tag.isPresent()) {
      return tag;
    }
    boolean changedSinceHead = git(repo, "diff", "--quiet", "HEAD", "--", CHART).isEmpty();
    if (changedSinceHead) {
      return git(repo, "rev-parse", "HEAD");
    }
    return git(repo, "log", "-n", "1", "--format=%H", "--", CHART)
        .filter(c -> !c.isBlank())
        .flatMap(c -> git(repo, "rev-parse", "--verify", "-q", c + "^"));
  }

  /** git's output when it exits 0, else empty. */
  private static Optional<String> git(Path repo, String... args) {
    try {
      List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        return Optional.empty();
      }
      return Optional.of(out.strip());
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
