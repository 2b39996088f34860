package dev.keyward.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark ran on: CPU, cores, memory, operating system and JDK. */
record MachineInfo(String cpuModel, int cores, long memoryMiB, String os, String jdk) {

  static MachineInfo current() {
    List<String> cpuinfo = lines("/proc/cpuinfo");
    String model =
        cpuinfo.stream()
            .filter(l -> l.startsWith("model name"))
            .map(l -> l.substring(l.indexOf(':') + 1).trim())
            .findFirst()
            .orElse(System.getProperty("os.arch"));
    long memKiB =
        lines("/proc/meminfo").stream()
            .filter(l -> l.startsWith("MemTotal:"))
            .map(l -> Long.parseLong(l.replaceAll("\\D", "")))
            .findFirst()
            .orElse(0L);
    String os =
        lines("/etc/os-release").stream()
            .filter(l -> l.startsWith("PRETTY_NAME="))
            .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
            .findFirst()
            .orElse(System.getProperty("os.name"));
    String jdk =
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")";
    return new MachineInfo(
        model, Runtime.getRuntime().availableProcessors(), memKiB / 1024, os, jdk);
  }

  private static List<String> lines(String file) {
    try {
      return Files.readAllLines(Path.of(file));
    } catch (IOException e) {
      return List.of();
    }
  }
}
