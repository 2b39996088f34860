package dev.keyward.testing;

import dev.keyward.exchange.ExchangeSettings;
import dev.keyward.http.ClientAddress;
import dev.keyward.operator.KeywardConfig;
import dev.keyward.rolemap.RoleMap;
import dev.keyward.rolemap.RoleMapSource;
import dev.keyward.server.ServerSettings;
import java.util.List;

/** Settings of in-process HTTP APIs for tests. */
public final class TestServers {

  /** Loopback as a trusted proxy: a test names its clients with X-Forwarded-For. */
  public static final ClientAddress LOOPBACK_PROXY =
      new ClientAddress(List.of("127.0.0.0/8", "::1/128"));

  private TestServers() {}

  /** A free port, the default exchange settings, and X-Forwarded-For believed from loopback. */
  public static ServerSettings behindLoopbackProxy() {
    return behindLoopbackProxy(
        ExchangeSettings.defaults(
            KeywardConfig.DEFAULT_PUBLIC_URL,
            KeywardConfig.DEFAULT_NAMESPACE,
            RoleMapSource.of(RoleMap.EMPTY)));
  }

  public static ServerSettings behindLoopbackProxy(ExchangeSettings exchange) {
    return ServerSettings.defaults(0, exchange).withClients(LOOPBACK_PROXY);
  }
}
