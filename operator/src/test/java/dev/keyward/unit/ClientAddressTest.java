package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.http.ClientAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  private static final List<String> PRIVATE_NETWORKS =
      List.of("127.0.0.0/8", "10.0.0.0/8", "192.168.0.0/16");

  @Test
  void byDefaultAPodAddressCannotChooseItsIdentityWithTheHeader() {
    assertThat(ClientAddress.DEFAULT_TRUSTED_PROXIES).isEmpty();
    ClientAddress clients = ClientAddress.PEER;

    assertThat(clients.resolve("10.244.1.7", "198.51.100.1")).isEqualTo("10.244.1.7");
    assertThat(clients.resolve("192.168.3.4", "1.1.1.1, 2.2.2.2")).isEqualTo("192.168.3.4");
    assertThat(clients.resolve("127.0.0.1", "203.0.113.9")).isEqualTo("127.0.0.1");
  }

  @Test
  void directCallerCannotChooseItsIdentityWithTheHeader() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    assertThat(clients.resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void trustedProxyVouchesForTheClientItForwarded() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    assertThat(clients.resolve("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
  }

  @Test
  void spoofedHopsBeforeTheFirstUntrustedOneAreIgnored() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    // The client sent "X-Forwarded-For: 1.1.1.1"; the ingress appended the real address.
    assertThat(clients.resolve("10.1.2.3", "1.1.1.1, 198.51.100.7")).isEqualTo("198.51.100.7");
  }

  @Test
  void chainsOfTrustedProxiesAreWalkedThrough() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    assertThat(clients.resolve("127.0.0.1", "198.51.100.7, 10.0.0.5, 192.168.1.1"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void onlyIpLiteralsAreHopsAndTheWalkStopsAtAnythingElse() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    assertThat(clients.resolve("10.1.2.3", "evil.example, localhost")).isEqualTo("10.1.2.3");
    assertThat(clients.resolve("10.1.2.3", "x".repeat(4096))).isEqualTo("10.1.2.3");
    assertThat(clients.resolve("10.1.2.3", "198.51.100.1, abc")).isEqualTo("10.1.2.3");
    assertThat(clients.resolve("10.1.2.3", "1.2.3")).isEqualTo("10.1.2.3");
    assertThat(clients.resolve("10.1.2.3", "ann, 10.0.0.5")).isEqualTo("10.0.0.5");
  }

  @Test
  void everyForwardedForLineCountsNotOnlyTheFirst() {
    ClientAddress clients = new ClientAddress(PRIVATE_NETWORKS);

    // The client sent one line; the ingress added its own line with the real address.
    assertThat(clients.resolveLines("10.1.2.3", List.of("1.1.1.1", "198.51.100.7")))
        .isEqualTo("198.51.100.7");
    assertThat(clients.resolveLines("10.1.2.3", List.of())).isEqualTo("10.1.2.3");
  }

  @Test
  void addressesAreCanonicalSoSpellingsOfOneAddressAreOneClient() {
    ClientAddress clients = new ClientAddress(List.of("10.0.0.0/8"));

    assertThat(clients.resolve("10.1.2.3", "2001:db8:0:0::5"))
        .isEqualTo(clients.resolve("10.1.2.3", "[2001:DB8::5]"));
  }

  @Test
  void trustingNoProxyIgnoresTheHeaderEverywhere() {
    ClientAddress clients = new ClientAddress(List.of());

    assertThat(clients.resolve("10.1.2.3", "198.51.100.1")).isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6NetworksWork() {
    ClientAddress clients = new ClientAddress(List.of("fd00::/8"));

    assertThat(clients.resolve("fd12::1", "2001:db8::5"))
        .isEqualTo(clients.resolve("2001:db8::5", null));
    assertThat(clients.resolve("2001:db8::9", "2001:db8::5"))
        .isEqualTo(clients.resolve("2001:db8::9", null));
  }

  @Test
  void invalidNetworkIsRefused() {
    assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClientAddress(List.of("example.com/8")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
