package cn.wenxin.gateway.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code ::1/128}); literals only, never a name lookup. */
public final class Networks {

  private record Range(byte[] network, int prefix) {
    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      for (int bit = 0; bit < prefix; bit++) {
        int mask = 0x80 >> (bit % 8);
        if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
          return false;
        }
      }
      return true;
    }
  }

  private final List<Range> ranges;

  public Networks(List<String> cidrs) {
    this.ranges = cidrs.stream().map(Networks::parse).toList();
  }

  public boolean contains(String address) {
    byte[] bytes = literal(address);
    return bytes != null && ranges.stream().anyMatch(r -> r.contains(bytes));
  }

  private static Range parse(String cidr) {
    String[] parts = cidr.trim().split("/", 2);
    byte[] network = literal(parts[0]);
    if (network == null) {
      throw new IllegalArgumentException("Not an address range: " + cidr);
    }
    int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : network.length * 8;
    if (prefix < 0 || prefix > network.length * 8) {
      throw new IllegalArgumentException("Bad prefix length in " + cidr);
    }
    return new Range(network, prefix);
  }

  /** The bytes of an IP literal; null for anything else (no DNS). */
  private static byte[] literal(String s) {
    if (s == null || s.isEmpty() || !s.matches("[0-9a-fA-F.:]+")) {
      return null;
    }
    try {
      return InetAddress.getByName(s).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
