package dev.keyward.http;

import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Who is calling, for per-client throttling. {@code X-Forwarded-For} is believed only as far as it
 * was written by trusted proxies: walking from the peer address back along the header, the first
 * address that is not a trusted proxy is the client. A caller that reaches Keyward directly cannot
 * pick its own identity by sending the header.
 */
public final class ClientAddress {

  /** Loopback and private networks: where in-cluster proxies (ingress controllers) live. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES =
      List.of(
          "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");

  private static volatile List<Cidr> trusted = parse(DEFAULT_TRUSTED_PROXIES);

  private ClientAddress() {}

  /** Replaces the trusted proxy networks (CIDR notation); an empty list trusts none. */
  public static void trustProxies(List<String> cidrs) {
    trusted = parse(cidrs);
  }

  public static String of(RoutingContext ctx) {
    String peer =
        ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    return resolve(peer, ctx.request().getHeader("X-Forwarded-For"));
  }

  /** The client behind {@code peer}, given the X-Forwarded-For header it sent (may be null). */
  public static String resolve(String peer, String forwardedFor) {
    String client = peer;
    if (forwardedFor == null || !isTrusted(peer)) {
      return client;
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (hop.isEmpty()) {
        break;
      }
      client = hop;
      if (!isTrusted(hop)) {
        break;
      }
    }
    return client;
  }

  private static boolean isTrusted(String address) {
    InetAddress parsed = literal(address);
    return parsed != null && trusted.stream().anyMatch(c -> c.contains(parsed));
  }

  /** Parses an IP literal without any DNS lookup; null when it is not one. */
  private static InetAddress literal(String address) {
    if (address == null || address.isEmpty() || !address.matches("[0-9a-fA-F:.]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(address);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static List<Cidr> parse(List<String> cidrs) {
    return cidrs.stream().map(Cidr::parse).toList();
  }

  /** A network in CIDR notation. */
  private record Cidr(byte[] network, int prefix) {
    static Cidr parse(String text) {
      String[] parts = text.trim().split("/");
      InetAddress address = literal(parts[0]);
      if (address == null || parts.length != 2) {
        throw new IllegalArgumentException("not a CIDR network: " + text);
      }
      return new Cidr(address.getAddress(), Integer.parseInt(parts[1]));
    }

    boolean contains(InetAddress address) {
      byte[] bytes = address.getAddress();
      if (bytes.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
