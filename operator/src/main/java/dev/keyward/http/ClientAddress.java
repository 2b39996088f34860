package dev.keyward.http;

import io.netty.util.NetUtil;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling, for per-client throttling. By default no proxy is trusted and the client is the
 * peer address of the connection. {@code X-Forwarded-For} is believed only as far as it was written
 * by trusted proxies: walking from the peer address back along the header (all its lines, joined),
 * the first address that is not a trusted proxy is the client. Only IP literals count as hops; the
 * walk stops at anything else, so a client can never name itself with free text, and the result is
 * always a short, canonical address.
 */
public final class ClientAddress {

  /** No proxy is trusted unless configured: any pod could otherwise pick its own identity. */
  public static final List<String> DEFAULT_TRUSTED_PROXIES = List.of();

  /** Trusts no proxy: the client is always the peer address. */
  public static final ClientAddress PEER = new ClientAddress(DEFAULT_TRUSTED_PROXIES);

  private final List<Cidr> trusted;

  /** Believes X-Forwarded-For as written by proxies in these networks (CIDR); empty trusts none. */
  public ClientAddress(List<String> trustedProxies) {
    this.trusted = parse(trustedProxies);
  }

  public String of(RoutingContext ctx) {
    String peer =
        ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    if (trusted.isEmpty()) {
      return canonical(peer);
    }
    return resolveLines(peer, ctx.request().headers().getAll("X-Forwarded-For"));
  }

  /** The client behind {@code peer}, given every X-Forwarded-For line it sent, in order. */
  public String resolveLines(String peer, List<String> forwardedForLines) {
    return resolve(peer, forwardedForLines.isEmpty() ? null : String.join(",", forwardedForLines));
  }

  /**
   * The client behind {@code peer}, given the X-Forwarded-For header it sent (all lines joined with
   * commas; may be null).
   */
  public String resolve(String peer, String forwardedFor) {
    InetAddress client = literal(peer);
    if (client == null) {
      return peer;
    }
    if (forwardedFor == null || !isTrusted(client)) {
      return client.getHostAddress();
    }
    String[] hops = forwardedFor.split(",");
    for (int i = hops.length - 1; i >= 0 && isTrusted(client); i--) {
      InetAddress hop = literal(hops[i].trim());
      if (hop == null) {
        // Not an address: the proxy that wrote it vouches for nothing beyond itself.
        break;
      }
      client = hop;
    }
    return client.getHostAddress();
  }

  /** Canonical forms of peer addresses seen, so a keep-alive client's is parsed once. */
  private static final Map<String, String> CANONICAL = new ConcurrentHashMap<>();

  private static final int MAX_CANONICAL = 10_000;

  private static String canonical(String address) {
    String known = CANONICAL.get(address);
    if (known != null) {
      return known;
    }
    InetAddress parsed = literal(address);
    String canonical = parsed == null ? address : parsed.getHostAddress();
    if (CANONICAL.size() >= MAX_CANONICAL) {
      CANONICAL.clear();
    }
    CANONICAL.put(address, canonical);
    return canonical;
  }

  private boolean isTrusted(InetAddress address) {
    return trusted.stream().anyMatch(c -> c.contains(address));
  }

  /**
   * Parses an IP literal (IPv6 optionally in brackets) without any DNS lookup; null when it is not
   * one.
   */
  static InetAddress literal(String address) {
    if (address == null || address.isEmpty() || address.length() > 64) {
      return null;
    }
    String bare =
        address.startsWith("[") && address.endsWith("]")
            ? address.substring(1, address.length() - 1)
            : address;
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
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
