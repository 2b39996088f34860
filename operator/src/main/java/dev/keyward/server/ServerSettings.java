package dev.keyward.server;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.http.ClientAddress;
import dev.keyward.http.TlsFiles;
import java.time.Duration;
import java.util.Optional;

/**
 * How the HTTP API is served: on which port, with which token exchange settings, over TLS or not
 * ({@code tls}), whose {@code X-Forwarded-For} is believed ({@code clients}), and how often a
 * token's {@code status.lastUsedAt} may be written ({@code lastUseInterval}).
 */
public record ServerSettings(
    int port,
    ExchangeSettings exchange,
    Optional<TlsFiles> tls,
    ClientAddress clients,
    Duration lastUseInterval) {

  /** Default of --last-use-interval: at most one lastUsedAt write per token in this time. */
  public static final Duration DEFAULT_LAST_USE_INTERVAL = Duration.ofMinutes(5);

  /** Plain HTTP, no trusted proxy, the default last-use interval. */
  public static ServerSettings defaults(int port, ExchangeSettings exchange) {
    return new ServerSettings(
        port, exchange, Optional.empty(), ClientAddress.PEER, DEFAULT_LAST_USE_INTERVAL);
  }

  public ServerSettings withTls(Optional<TlsFiles> tls) {
    return new ServerSettings(port, exchange, tls, clients, lastUseInterval);
  }

  public ServerSettings withClients(ClientAddress clients) {
    return new ServerSettings(port, exchange, tls, clients, lastUseInterval);
  }

  public ServerSettings withLastUseInterval(Duration lastUseInterval) {
    return new ServerSettings(port, exchange, tls, clients, lastUseInterval);
  }
}
