package dev.keyward.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyward.http.ClientAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientAddressTest {

  @AfterEach
  void restoreDefaults() {
    ClientAddress.trustProxies(ClientAddress.DEFAULT_TRUSTED_PROXIES);
  }

  @Test
  void directCallerCannotChooseItsIdentityWithTheHeader() {
    assertThat(ClientAddress.resolve("203.0.113.9", "198.51.100.1")).isEqualTo("203.0.113.9");
  }

  @Test
  void trustedProxyVouchesForTheClientItForwarded() {
    assertThat(ClientAddress.resolve("10.1.2.3", "198.51.100.1")).isEqualTo("198.51.100.1");
  }

  @Test
  void spoofedHopsBeforeTheFirstUntrustedOneAreIgnored() {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the ingress appended the real address.
    assertThat(ClientAddress.resolve("10.1.2.3", "1.1.1.1, 198.51.100.7"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void chainsOfTrustedProxiesAreWalkedThrough() {
    assertThat(ClientAddress.resolve("127.0.0.1", "198.51.100.7, 10.0.0.5, 192.168.1.1"))
        .isEqualTo("198.51.100.7");
  }

  @Test
  void trustingNoProxyIgnoresTheHeaderEverywhere() {
    ClientAddress.trustProxies(List.of());

    assertThat(ClientAddress.resolve("10.1.2.3", "198.51.100.1")).isEqualTo("10.1.2.3");
  }

  @Test
  void ipv6NetworksWork() {
    ClientAddress.trustProxies(List.of("fd00::/8"));

    assertThat(ClientAddress.resolve("fd12::1", "2001:db8::5")).isEqualTo("2001:db8::5");
    assertThat(ClientAddress.resolve("2001:db8::9", "2001:db8::5")).isEqualTo("2001:db8::9");
  }

  @Test
  void hostNamesInTheHeaderAreNeverLookedUpOrTrusted() {
    assertThat(ClientAddress.resolve("10.1.2.3", "evil.example, localhost")).isEqualTo("localhost");
  }

  @Test
  void invalidNetworkIsRefused() {
    assertThatThrownBy(() -> ClientAddress.trustProxies(List.of("10.0.0.0")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
